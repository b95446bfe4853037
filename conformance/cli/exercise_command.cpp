// `exercise --host PATH.so`: the host exerciser (fixtures/exerciser) against a plug-in, without
// the runtime; prints one line per obligation (PASS, FAIL, NOT EXERCISED) and, for a FAIL, the
// shrunk program and the command line that finds it again.
#include "conformance/cli/commands.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/exerciser/exerciser.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <optional>
#include <random>

namespace clrhost::cli {
namespace {

struct ExerciseOptions {
    std::string host;                  // empty: the bundled reference host
    std::optional<std::uint64_t> seed; // none: a random one, printed
    unsigned threads = 4;
    unsigned walks = 100;
    std::string report; // `run`'s: the obligations as JSON, for the exerciser's report row
};

constexpr unsigned kMostThreads = 256;

// One line naming the problem and the fix, or empty.
std::string bad_option(const ExerciseOptions& options)
{
    if (options.threads < 1 || options.threads > kMostThreads)
        return fmt::format("--threads {}: give a number of threads from 1 to {}", options.threads,
                           kMostThreads);
    if (options.walks < 1)
        return "--walks 0: give at least one walk, e.g. --walks 100";
    return {};
}

void print(const exerciser::ObligationResult& result)
{
    fmt::print("{:<16} {:<14} {}\n", result.id, exerciser::status_name(result.status),
               result.status == exerciser::Status::Pass ? result.statement : result.message);
    if (result.status != exerciser::Status::Fail)
        return;
    fmt::print("    shrunk to:\n");
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

} // namespace

int exercise_command(const ExerciseOptions& options)
{
    if (const auto problem = bad_option(options); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return kBadInput;
    }
    const auto host = options.host.empty() ? driver::default_host_path() : options.host;
    const driver::HostPluginLibrary plugin(host);
    exerciser::ExerciseOptions exercise;
    exercise.seed = options.seed ? *options.seed : std::random_device{}();
    exercise.threads = options.threads;
    exercise.walks = options.walks;
    exercise.command = fmt::format("clrhost-conformance exercise --host {}", host);
    fmt::print("clrhost-conformance exercise: host {} ({}), seed {}, {} thread(s), {} walk(s)\n\n",
               plugin.plugin().name, host, exercise.seed, exercise.threads, exercise.walks);

    const auto result = exerciser::exercise([&] { return plugin.create_task_manager(); }, exercise);
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

Subcommand register_exercise(CLI::App& app)
{
    auto options = std::make_shared<ExerciseOptions>();
    auto* command = app.add_subcommand(
        "exercise", "drive a host with generated walks, no runtime; check its obligations");
    command->add_option("--host", options->host, "host plug-in (.so); default: the reference host");
    command->add_option("--seed", options->seed, "seed of the walks (default: a random one)");
    command->add_option("--threads", options->threads, "threads walking at once")
        ->capture_default_str();
    command->add_option("--walks", options->walks, "walks per thread, each on a fresh task manager")
        ->capture_default_str();
    command->add_option("--report", options->report)->group(""); // for `run` only
    return {command, [options] { return exercise_command(*options); }};
}

} // namespace clrhost::cli
