// `exercise --host PATH`: the host exerciser (fixtures/exerciser) against a plug-in, without
// the runtime; prints one line per obligation (PASS, FAIL, NOT EXERCISED) and, for a FAIL, the
// (shrunk) program and the command line that finds it again. Its programs: generated from a
// seed, or saved (--programs; the bundled ones in a build without RapidCheck, the Windows build);
// --save-programs writes generated ones for such a build.
#include "conformance/cli/commands.h"
#include "conformance/reports/reports.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/exerciser/exerciser.h"
#include "fixtures/exerciser/generated_programs.h"
#include "fixtures/exerciser/saved_programs.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

namespace clrhost::cli {
namespace {

namespace fs = std::filesystem;

struct ExerciseOptions {
    std::string host;                         // empty: the bundled reference host
    std::optional<std::uint64_t> seed;        // none: a random one, printed
    std::optional<unsigned> threads;          // none: 4
    std::optional<unsigned> walks;            // none: 100, or every saved program
    std::optional<std::string> programs;      // saved programs to run
    std::optional<std::string> save_programs; // where to write generated programs, running none
    std::string report; // `run`'s: the obligations as JSON, for the exerciser's report row
};

// `run`'s exerciser row reports these defaults too (run_command.cpp).
const exerciser::ExerciseOptions kDefaults;

// One line naming the problem and the fix, or empty.
std::string bad_option(const ExerciseOptions& options)
{
    if (options.threads && (*options.threads < 1 || *options.threads > exerciser::kMostThreads))
        return fmt::format("--threads {}: give a number of threads from 1 to {}", *options.threads,
                           exerciser::kMostThreads);
    if (options.walks && *options.walks < 1)
        return "--walks 0: give at least one walk, e.g. --walks 100";
    if (options.programs && options.programs->empty())
        return "--programs \"\": give a file of saved programs";
    if (options.save_programs && options.save_programs->empty())
        return "--save-programs \"\": give the file to write";
    if (options.programs && options.save_programs)
        return "--programs and --save-programs: give one (--save-programs writes generated ones)";
    if (options.programs && (options.seed || options.threads))
        return fmt::format("--programs {} runs saved programs, which have their threads and no "
                           "seed: leave out {}",
                           *options.programs,
                           !options.threads ? "--seed"
                           : !options.seed  ? "--threads"
                                            : "--seed and --threads");
    if (options.save_programs && !options.host.empty())
        return fmt::format("--save-programs {} writes programs and runs no host: leave out --host",
                           *options.save_programs);
    return {};
}

// Why a build without a generator refuses what only a generator does, or empty.
std::string needs_generator(const ExerciseOptions& options)
{
    std::string typed;
    if (options.seed)
        typed = fmt::format("--seed {}", *options.seed);
    else if (options.threads)
        typed = fmt::format("--threads {}", *options.threads);
    else if (options.save_programs)
        typed = fmt::format("--save-programs {}", *options.save_programs);
    else
        return {};
    return fmt::format(
        "{}: this build has no generator of walks (no RapidCheck for Windows); it runs saved "
        "programs: the bundled ones (seed 1, 4 threads) or --programs FILE, which `clrhost-"
        "conformance exercise --save-programs FILE --seed N` writes in a Linux build",
        typed);
}

exerciser::SavedPrograms read_saved(std::istream& in, std::string_view where)
{
    try {
        return exerciser::read_programs(in);
    } catch (const std::runtime_error& error) {
        throw std::runtime_error(fmt::format("{}: {}: give a file `exercise --save-programs` wrote",
                                             where, error.what()));
    }
}

struct ChosenPrograms {
    std::unique_ptr<exerciser::ProgramSource> source;
    std::optional<std::uint64_t> seed; // generated ones' (for --save-programs)
    std::string origin; // "seed 7, 4 thread(s)", "saved programs in FILE, 4 thread(s)"
    unsigned count = kDefaults.walks; // how many to run
};

ChosenPrograms saved_programs(const ExerciseOptions& options, const std::string& command)
{
    std::ifstream file;
    std::istringstream bundled;
    std::istream* in = &bundled;
    if (!options.programs) {
        bundled.str(std::string(exerciser::bundled_programs()));
    } else if (file.open(*options.programs); file) {
        in = &file;
    } else {
        throw std::runtime_error(fmt::format(
            "--programs {}: cannot open it: give a file of saved programs", *options.programs));
    }
    auto saved = read_saved(*in, options.programs ? "--programs " + *options.programs
                                                  : "the bundled programs");
    const auto size = unsigned(saved.programs.size());
    if (options.walks && *options.walks > size)
        throw std::runtime_error(
            fmt::format("--walks {}: {} has {} programs: give at most {}", *options.walks,
                        options.programs.value_or("the bundled set"), size, size));
    ChosenPrograms programs;
    programs.origin = fmt::format("saved programs {}{}, {} thread(s)",
                                  options.programs ? "in " + *options.programs : "(bundled)",
                                  saved.seed ? fmt::format(" of seed {}", *saved.seed) : "",
                                  saved.programs.front().size());
    programs.count = options.walks.value_or(size);
    const auto again = options.programs
                           ? command + " --programs " + reports::shell_quote(*options.programs)
                           : command;
    programs.source = exerciser::saved_program_source(std::move(saved), again);
    return programs;
}

ChosenPrograms choose_programs(const ExerciseOptions& options, const std::string& command)
{
    if (options.programs)
        return saved_programs(options, command);
    const auto seed = options.seed ? *options.seed : std::random_device{}();
    const auto threads = options.threads.value_or(kDefaults.threads);
    ChosenPrograms programs;
    programs.source = exerciser::generated_programs(seed, threads, command);
    if (!programs.source) {
        if (const auto problem = needs_generator(options); !problem.empty())
            throw std::runtime_error(problem);
        return saved_programs(options, command);
    }
    programs.seed = seed;
    programs.origin = fmt::format("seed {}, {} thread(s)", seed, threads);
    programs.count = options.walks.value_or(kDefaults.walks);
    return programs;
}

// Written beside the file and renamed over it once complete: a write that fails leaves the file
// that was there (the bundled programs are regenerated this way).
int save_programs(const std::string& path, ChosenPrograms programs)
{
    check_writable_file(path, "--save-programs");
    exerciser::SavedPrograms saved;
    saved.seed = programs.seed;
    for (unsigned number = 0; number < programs.count; ++number)
        saved.programs.push_back(programs.source->program(number)->program());
    const auto partial = path + ".partial";
    std::ofstream out(partial, std::ios::trunc);
    exerciser::write_programs(out, saved);
    out.close();
    std::error_code error;
    if (out)
        fs::rename(partial, path, error);
    if (!out || error) {
        fs::remove(partial, error);
        throw std::runtime_error(fmt::format(
            "cannot write --save-programs {}: choose a writable --save-programs path", path));
    }
    fmt::print("clrhost-conformance exercise: wrote {} programs ({}) to {}\n", programs.count,
               programs.origin, path);
    return kConforms;
}

void print(const exerciser::ObligationResult& result)
{
    fmt::print("{:<16} {:<14} {}\n", result.id, exerciser::status_name(result.status),
               result.status == exerciser::Status::Pass ? result.statement : result.message);
    if (result.status != exerciser::Status::Fail)
        return;
    if (result.not_shrunk.empty())
        fmt::print("    shrunk to:\n");
    else
        fmt::print("    not shrunk: {}; the program:\n", result.not_shrunk);
    for (const auto& line : result.shrunk)
        fmt::print("      {}\n", line);
    fmt::print("    reproduce: {}\n", result.reproducer);
}

// What `run` reads back (run_command.cpp): it runs the exerciser in a process of its own, so
// that a host that crashes or hangs under the walks cannot take the run with it.
void write_report(const std::string& path, const exerciser::ExerciseResult& result)
{
    auto obligations = nlohmann::json::array();
    for (const auto& each : result.obligations)
        obligations.push_back({{"id", each.id},
                               {"statement", each.statement},
                               {"status", exerciser::status_name(each.status)},
                               {"message", each.message},
                               {"reproducer", each.reproducer},
                               {"shrunk", each.shrunk}});
    std::ofstream(path) << nlohmann::json{{"obligations", obligations}}.dump(2) << "\n";
}

int exercise_host(const ExerciseOptions& options, const std::string& host, ChosenPrograms programs)
{
    const driver::HostPluginLibrary plugin(host);
    fmt::print("clrhost-conformance exercise: host {} ({}), {}, {} walk(s)\n\n",
               plugin.plugin().name, host, programs.origin, programs.count);
    const auto result = exerciser::exercise([&] { return plugin.create_task_manager(); },
                                            *programs.source, programs.count);
    std::size_t counts[3] = {};
    for (const auto& obligation : result.obligations) {
        print(obligation);
        ++counts[static_cast<int>(obligation.status)];
    }
    fmt::print(
        "\n{} host calls in {} walk(s) and {} shrink run(s), nested up to {} deep, in {:.2f} s\n",
        result.calls, result.walks, result.shrink_runs, result.deepest, result.seconds);
    fmt::print("{} passed, {} failed, {} not exercised\n", counts[0], counts[1], counts[2]);
    if (!options.report.empty())
        write_report(options.report, result);
    return result.passed() ? kConforms : kViolations;
}

} // namespace

int exercise_command(const ExerciseOptions& options)
{
    if (const auto problem = bad_option(options); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return kBadInput;
    }
    const auto host = options.host.empty() ? driver::default_host_path() : options.host;
    auto programs = choose_programs(
        options, fmt::format("clrhost-conformance exercise --host {}", reports::shell_quote(host)));
    if (options.save_programs)
        return save_programs(*options.save_programs, std::move(programs));
    return exercise_host(options, host, std::move(programs));
}

Subcommand register_exercise(CLI::App& app)
{
    auto options = std::make_shared<ExerciseOptions>();
    auto* command = app.add_subcommand(
        "exercise",
        "drive a host with walks (generated, or saved), no runtime; check its obligations");
    command->add_option("--host", options->host,
                        "host plug-in (.so, .dll); default: the reference host");
    command->add_option("--seed", options->seed, "seed of the walks (default: a random one)");
    command->add_option("--threads", options->threads, "threads walking at once (default: 4)");
    command->add_option("--walks", options->walks,
                        "programs to run, each one walk per thread on a fresh task manager "
                        "(default: 100, or every saved one)");
    command->add_option("--programs", options->programs,
                        "run saved programs (what --save-programs wrote) instead of generating");
    command->add_option("--save-programs", options->save_programs,
                        "write the programs of --seed/--threads/--walks to this file; run none");
    command->add_option("--report", options->report)->group(""); // for `run` only
    return {command, [options] { return exercise_command(*options); }};
}

} // namespace clrhost::cli
