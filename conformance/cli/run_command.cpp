// `run`: the exerciser on the host, then every selected scenario variant in a process of its own
// (one runtime per process), --jobs at a time, each within its time limit; then the verdicts.
#include "conformance/cli/run_command.h"
#include "conformance/cli/run_reports.h"
#include "conformance/reports/console_report.h"
#include "conformance/verdict/process_pool.h"
#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/exerciser/exerciser.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

namespace clrhost::cli {
namespace {

namespace fs = std::filesystem;
constexpr double kDefaultTimeoutSeconds = 120;

struct Selection {
    std::vector<std::string> drivers;
    std::vector<scenario::Scenario> runnable;
    std::vector<reports::NotApplicable> not_applicable; // on a driver that cannot run it
};

struct Job {
    scenario::Scenario scenario;
    std::string trace;
    std::string record;
    std::string log;
    std::optional<ScenarioVerdict> verdict;
    unsigned tries = 0;
};

// Whether the scenario root holds .NET Framework builds (the apps' net48/ folders) for Mono.
bool have_net48_builds(const std::string& scenario_root)
{
    std::error_code error;
    for (const auto& name : scenario::list_scenarios(scenario_root))
        if (fs::is_directory(fs::path(scenario_root) / name / "net48", error))
            return true;
    return false;
}

// The drivers the run uses: --driver all is coreclr and, where this build has the mono driver
// and the apps' net48 build, mono. A spec's "@driver" (a report's test id) picks one.
std::vector<std::string> run_drivers(const RunOptions& options, const std::string& spec_driver)
{
    if (!spec_driver.empty())
        return {spec_driver};
    if (options.driver != "all")
        return {options.driver};
    if (!kHaveMonoDriver) {
        fmt::print("note: no mono driver in this build (install libmono-2.0-dev and configure "
                   "again); running on coreclr only\n");
        return {"coreclr"};
    }
    if (!have_net48_builds(options.scenario_root)) {
        fmt::print("note: {} holds no net48 builds for the mono driver (configured with "
                   "CLRHOST_BUILD_NET48=OFF?); running on coreclr only\n",
                   options.scenario_root);
        return {"coreclr"};
    }
    return {"coreclr", "mono"};
}

// "doc-table:vb@mono" -> ("doc-table:vb", "mono"); the driver must be one this command runs.
std::pair<std::string, std::string> split_driver(const std::string& spec)
{
    const auto at = spec.find('@');
    if (at == std::string::npos)
        return {spec, ""};
    const auto driver = spec.substr(at + 1);
    if (driver != "coreclr" && driver != "mono")
        throw scenario::ScenarioError(fmt::format(
            "--scenario {}: '@{}' is not a driver this command runs: use @coreclr or @mono", spec,
            driver));
    return {spec.substr(0, at), driver};
}

Selection select_scenarios(const RunOptions& options)
{
    Selection selection;
    auto& selected = selection.runnable;
    const auto [spec, spec_driver] = split_driver(options.scenario);
    selection.drivers = run_drivers(options, spec_driver);
    const auto names = spec == "all" ? scenario::list_scenarios(options.scenario_root)
                                     : std::vector<std::string>{spec};
    if (names.empty())
        throw scenario::ScenarioError(fmt::format(
            "no scenarios in {}: build the suite (cmake --build) or pass --scenario-root the "
            "build tree's managed-testapps folder",
            options.scenario_root));
    std::optional<std::regex> filter;
    if (!options.filter.empty()) {
        try {
            filter.emplace(options.filter);
        } catch (const std::regex_error& error) {
            throw scenario::ScenarioError(fmt::format(
                "--filter '{}' is not a regular expression: {}", options.filter, error.what()));
        }
    }
    for (const auto& driver : selection.drivers)
        for (const auto& name : names)
            for (auto& variant :
                 scenario::load_scenario_variants(options.scenario_root, name, driver)) {
                if (filter && !std::regex_search(variant.test_id(), *filter))
                    continue;
                if (variant.not_applicable)
                    selection.not_applicable.push_back(
                        {variant.test_id(), variant.id, *variant.not_applicable});
                else
                    selected.push_back(std::move(variant));
            }
    if (selected.empty() && !options.filter.empty())
        throw scenario::ScenarioError(fmt::format(
            "--filter '{}' selects no scenario: `clrhost-conformance run --help`", options.filter));
    if (selected.empty())
        throw scenario::ScenarioError(fmt::format("--scenario {}: {}", options.scenario,
                                                  selection.not_applicable.front().reason));
    return selection;
}

std::vector<std::string> child_command(const RunOptions& options, const Job& job,
                                       const std::string& host)
{
    std::vector<std::string> argv{
        executable_path(), "run-one",  "--scenario",      job.scenario.qualified_name(),
        "--host",          host,       "--trace",         job.trace,
        "--record",        job.record, "--scenario-root", options.scenario_root};
    if (!options.dotnet_root.empty()) {
        argv.push_back("--dotnet-root");
        argv.push_back(options.dotnet_root);
    }
    argv.push_back("--driver");
    argv.push_back(job.scenario.driver);
    argv.push_back("--hang-limit-ms");
    argv.push_back(std::to_string(static_cast<unsigned>(options.hang_limit * 1000)));
    return argv;
}

// The trace file or folder must be writable before anything runs.
void prepare_trace_paths(const RunOptions& options, std::size_t variants)
{
    if (!options.trace.empty() && variants != 1)
        throw scenario::ScenarioError(fmt::format(
            "--trace names one file but {} scenario variants are selected: use --trace-dir",
            variants));
    std::error_code error;
    fs::create_directories(options.trace_dir, error);
    if (!options.trace.empty()) {
        if (fs::path(options.trace).has_parent_path())
            fs::create_directories(fs::path(options.trace).parent_path(), error);
        if (!std::ofstream(options.trace, std::ios::app))
            throw std::runtime_error(fmt::format(
                "cannot write trace {}: choose a writable --trace path", options.trace));
    } else if (!fs::is_directory(options.trace_dir)) {
        throw std::runtime_error(fmt::format(
            "cannot create trace folder {}: choose a writable --trace-dir", options.trace_dir));
    }
}

std::vector<Job> make_jobs(const RunOptions& options, std::vector<scenario::Scenario> scenarios)
{
    std::vector<Job> jobs;
    for (auto& scenario : scenarios) {
        Job job;
        job.trace =
            !options.trace.empty()
                ? options.trace
                : (fs::path(options.trace_dir) / (scenario.file_stem() + ".jsonl")).string();
        job.record = run_record_path(job.trace);
        job.log = job.trace + ".log";
        job.scenario = std::move(scenario);
        std::error_code error;
        fs::remove(job.record, error);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

ChildProcess start(const RunOptions& options, Job& job, const std::string& host)
{
    const double seconds = options.timeout > 0        ? options.timeout
                           : job.scenario.timeout > 0 ? job.scenario.timeout
                                                      : kDefaultTimeoutSeconds;
    std::error_code error;
    fs::remove(job.record, error);
    ++job.tries;
    return ChildProcess(child_command(options, job, host), job.log,
                        std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
}

// As the summary shows it: the verdict (PASS, FAIL, CRASH, ...) unless the host's expectations
// make it XFAIL, XPASS or FLAKY (a known failure is not announced as a FAIL).
std::string progress_result(const ScenarioVerdict& verdict,
                            const expectations::Expectations& expected)
{
    using expectations::Outcome;
    const auto outcome = expectations::apply(expected, {verdict}, {}).variants.front().variant;
    if (outcome.outcome == Outcome::Pass || outcome.outcome == Outcome::Fail ||
        outcome.outcome == Outcome::Error)
        return std::string(result_name(verdict.result));
    return std::string(expectations::outcome_name(outcome.outcome));
}

// The job's verdict; false when a FLAKY expectation asks for another try.
bool conclude(const RunOptions& options, Job& job, const ChildEnd& end,
              const expectations::Expectations& expected)
{
    job.verdict =
        judge(job.scenario, end, read_run_record(job.record), job.trace, options.strict, job.log);
    if (job.verdict->result == Result::Error || options.verbose)
        job.verdict->problems.push_back(fmt::format("process output: {}", job.log));
    job.verdict->tries = job.tries;
    if (job.verdict->result != Result::Pass && job.verdict->result != Result::Error &&
        expected.should_retry(job.verdict->scenario, job.verdict->failed, job.tries)) {
        fmt::print("  {:<34} FLAKY: try {} of {} ({} on try {})\n", job.verdict->scenario,
                   job.tries + 1, expectations::kFlakyRetries + 1, result_name(job.verdict->result),
                   job.tries);
        job.verdict.reset();
        return false;
    }
    fmt::print("  {:<34} {}\n", job.verdict->scenario, progress_result(*job.verdict, expected));
    return true;
}

// Every job in a process of its own, --jobs at a time; a FLAKY retry keeps its slot.
std::vector<ScenarioVerdict> run_jobs(const RunOptions& options, std::vector<Job>& jobs,
                                      const std::string& host,
                                      const expectations::Expectations& expected)
{
    ProcessPool pool(options.jobs);
    for (auto& job : jobs)
        pool.add([&] { return start(options, job, host); },
                 [&](const ChildEnd& end) -> std::optional<ChildProcess> {
                     if (conclude(options, job, end, expected))
                         return std::nullopt;
                     return start(options, job, host);
                 });
    pool.run();
    std::vector<ScenarioVerdict> verdicts;
    for (auto& job : jobs)
        verdicts.push_back(std::move(*job.verdict));
    return verdicts;
}

// The exerciser's obligations as its process wrote them; empty when it wrote none.
std::vector<reports::ExerciserObligation> read_exerciser_report(const std::string& path)
{
    std::vector<reports::ExerciserObligation> obligations;
    std::ifstream in(path);
    if (!in)
        return obligations;
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.contains("obligations"))
        return obligations;
    for (const auto& each : json.at("obligations"))
        obligations.push_back({each.at("id"), each.at("statement"), each.at("status"),
                               each.at("message"), each.at("reproducer"),
                               each.at("shrunk").get<std::vector<std::string>>()});
    return obligations;
}

// The exerciser's walks on the host (`exercise` with its default threads and walks), in a
// process of its own: a host that crashes or hangs under them fails the exerciser's row and
// leaves the scenarios to run.
reports::ExerciserRun run_exerciser(const RunOptions& options, const std::string& host)
{
    reports::ExerciserRun run;
    if (options.no_exercise)
        return run;
    const exerciser::ExerciseOptions defaults;
    run.ran = true;
    run.seed = options.exercise_seed;
    run.threads = defaults.threads;
    run.walks = defaults.walks;
    const auto base = options.trace.empty() ? (fs::path(options.trace_dir) / "exerciser").string()
                                            : options.trace + ".exerciser";
    std::error_code error;
    fs::remove(base + ".json", error);
    const std::vector<std::string> argv{
        executable_path(),        "exercise", "--host",      host, "--seed",
        std::to_string(run.seed), "--report", base + ".json"};
    // Walks on the reference host take well under a second; a host call that hangs ends them.
    const auto limit =
        std::chrono::milliseconds(static_cast<long>(std::max(20.0, 2 * options.hang_limit) * 1000));
    const auto end = ChildProcess(argv, base + ".log", limit).wait();
    run.obligations = read_exerciser_report(base + ".json");
    if (!run.obligations.empty() && !end.signalled && !end.timed_out)
        return run;
    const auto how = end.timed_out ? fmt::format("did not finish within {} s", limit.count() / 1000)
                     : end.signalled ? fmt::format("died of {}", signal_name(end.signal))
                                     : std::string("wrote no report");
    run.obligations.push_back(
        {"exerciser",
         "the exerciser's walks end",
         "FAIL",
         fmt::format("the exerciser's process {} (output: {}.log)", how, base),
         fmt::format("{} exercise --host {} --seed {}", executable_path(), host, run.seed),
         {}});
    return run;
}

// A host-judged rule the exerciser exercised counts as exercised on every variant of the host
// (the scenarios rarely reach some: no scenario calls the host after an E_FAIL).
void credit_exerciser(const reports::ExerciserRun& run, std::vector<ScenarioVerdict>& verdicts)
{
    for (const auto& each : run.obligations) {
        const auto* rule = rules::find_rule(each.id);
        if (!rule || rule->judged == rules::Judged::Driver || each.status == "NOT EXERCISED")
            continue;
        for (auto& verdict : verdicts)
            verdict.exercised_by_exerciser.push_back(each.id);
    }
}

// Before anything runs: each driver's runtime can start (for coreclr the .NET install and the
// bridge; nothing starts: hostfxr is only loaded).
void check_drivers(const RunOptions& options, const std::vector<std::string>& drivers)
{
    for (const auto& each : drivers) {
        if (each == "coreclr")
            driver::CoreclrDriver(options.dotnet_root, driver::default_bridge_path());
        else if (!kHaveMonoDriver)
            throw driver::DriverError(
                fmt::format("--driver {}: {}", options.driver, kNoMonoDriver));
    }
}

void print_not_applicable(const std::vector<reports::NotApplicable>& not_applicable)
{
    for (const auto& each : not_applicable)
        fmt::print("  {:<34} not applicable: {}\n", each.scenario, each.reason);
}

int run_command(RunOptions options)
{
    const auto expected = prepare_expectations_and_reports(options);
    check_dotnet_root(options.dotnet_root);
    const auto host = options.host.empty() ? driver::default_host_path() : options.host;
    // Loaded here too, so that a broken plug-in stops the run once, with its one-line error.
    const driver::HostPluginLibrary plugin(host);
    plugin.create_task_manager().reset();
    auto selection = select_scenarios(options);
    check_drivers(options, selection.drivers);
    prepare_trace_paths(options, selection.runnable.size());
    auto jobs = make_jobs(options, std::move(selection.runnable));
    const char* version = plugin.plugin().version ? plugin.plugin().version : "";
    fmt::print("clrhost-conformance: host {} {} ({}), driver {}, {} scenario variant(s)\n",
               plugin.plugin().name, version, host, fmt::join(selection.drivers, " and "),
               jobs.size());
    print_not_applicable(selection.not_applicable);
    const auto exercised = run_exerciser(options, host);
    if (exercised.ran)
        print_exerciser(exercised);
    auto verdicts = run_jobs(options, jobs, host, expected);
    credit_exerciser(exercised, verdicts);
    // The host's expectations decide the outcome: XFAIL, XPASS, FLAKY, stale entries.
    auto outcome = expectations::apply(expected, verdicts, known_variants(options.scenario_root));
    outcome.exerciser_failed = exercised.failed();
    print_summary(verdicts, outcome, exercised);
    auto info = run_info(options, plugin.plugin().name, version, host, verdicts);
    info.driver = fmt::format("{}", fmt::join(selection.drivers, ","));
    info.not_applicable = std::move(selection.not_applicable);
    info.exerciser = exercised;
    write_reports(options, info, verdicts, outcome);
    return outcome.exit_code();
}

void add_options(CLI::App& command, RunOptions& run)
{
    command
        .add_option("--scenario", run.scenario,
                    "scenario: name or S-number (doc-table, S01), with :language (S01:vb) and "
                    "@driver (S01:vb@mono), or all")
        ->capture_default_str();
    command.add_option("--filter", run.filter,
                       "regular expression over name:language[@driver] (coreclr's have none)");
    command.add_option("--host", run.host, "host plug-in (.so); default: the reference host");
    command.add_option("--trace", run.trace, "trace file, when one scenario variant runs");
    command.add_option("--trace-dir", run.trace_dir, "folder for traces")->capture_default_str();
    command.add_option("--jobs,-j", run.jobs, "scenario processes at once (default: cores)");
    command.add_option("--timeout", run.timeout, "seconds per scenario (default: its own, 120)");
    command.add_option("--scenario-root", run.scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    command.add_option("--dotnet-root", run.dotnet_root, "the .NET install to run on");
    command
        .add_option(
            "--driver", run.driver,
            "the runtime: coreclr, mono (the apps' net48 build, in each scenario's net48 folder), "
            "or all: both where this build has the mono driver and the net48 apps")
        ->check(CLI::IsMember({"all", "coreclr", "mono"}))
        ->capture_default_str();
    command
        .add_option("--hang-limit", run.hang_limit,
                    "seconds one host call may take before it is a hang")
        ->capture_default_str();
    command
        .add_option("--exercise-seed", run.exercise_seed,
                    "seed of the exerciser's walks on the host before the scenarios")
        ->capture_default_str();
    command.add_flag("--no-exercise", run.no_exercise,
                     "do not run the exerciser before the scenarios");
    command.add_flag("--strict", run.strict, "warnings fail too");
    command.add_flag("--verbose,-v", run.verbose, "name each scenario's output file");
    command.add_option("--expectations", run.expectations,
                       "the host's expectation file: known failures (XFAIL), FLAKY tests");
    command.add_option("--junit", run.junit, "write a JUnit XML report to this file");
    command.add_option("--json", run.json, "write the JSON report (docs/REPORTS.md) to this file");
    command.add_option("--markdown", run.markdown,
                       "write a Markdown report (for a CI job summary) to this file");
}

} // namespace

Subcommand register_run(CLI::App& app)
{
    auto options = std::make_shared<RunOptions>();
    auto* command = app.add_subcommand("run", "run scenarios on the real runtime against a host");
    add_options(*command, *options);
    return {command, [options] { return run_command(*options); }};
}

} // namespace clrhost::cli
