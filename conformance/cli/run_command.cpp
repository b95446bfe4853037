// `run`: every selected scenario variant in a process of its own (one runtime per process),
// --jobs at a time, each within its time limit; then the verdicts.
#include "conformance/cli/commands.h"
#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/driver/host_plugin_library.h"
#include "conformance/reports/console_report.h"
#include "conformance/cli/run_reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace clrhost::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr double kDefaultTimeoutSeconds = 120;

struct Job {
    scenario::Scenario scenario;
    std::string trace;
    std::string record;
    std::string log;
    std::optional<ChildProcess> process;
    std::optional<ScenarioVerdict> verdict;
    unsigned tries = 0;
};

std::vector<scenario::Scenario> select_scenarios(const RunOptions& options)
{
    std::vector<scenario::Scenario> selected;
    const auto names = options.scenario == "all" ? scenario::list_scenarios(options.scenario_root)
                                                 : std::vector<std::string>{options.scenario};
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
    for (const auto& name : names)
        for (auto& variant : scenario::load_scenario_variants(options.scenario_root, name))
            if (!filter || std::regex_search(variant.qualified_name(), *filter))
                selected.push_back(std::move(variant));
    if (selected.empty())
        throw scenario::ScenarioError(fmt::format(
            "--filter '{}' selects no scenario: `clrhost-conformance run --help`", options.filter));
    return selected;
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
    argv.push_back("--hang-limit-ms");
    argv.push_back(std::to_string(static_cast<unsigned>(options.hang_limit * 1000)));
    return argv;
}

} // namespace

int run_command(const RunOptions& options)
{
    const auto expected = prepare_expectations_and_reports(options);
    const auto host = options.host.empty() ? driver::default_host_path() : options.host;
    // Loaded here too, so that a broken plug-in stops the run once, with its one-line error.
    const driver::HostPluginLibrary plugin(host);
    plugin.create_task_manager().reset();
    // Likewise the .NET install and the bridge (nothing starts: hostfxr is only loaded).
    driver::CoreclrDriver(options.dotnet_root, driver::default_bridge_path());

    auto scenarios = select_scenarios(options);
    if (!options.trace.empty() && scenarios.size() != 1)
        throw scenario::ScenarioError(fmt::format(
            "--trace names one file but {} scenario variants are selected: use --trace-dir",
            scenarios.size()));
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

    std::vector<Job> jobs;
    for (auto& scenario : scenarios) {
        Job job;
        job.trace = !options.trace.empty()
                        ? options.trace
                        : (fs::path(options.trace_dir) /
                           fmt::format("{}.{}.jsonl", scenario.name, scenario.language))
                              .string();
        job.record = run_record_path(job.trace);
        job.log = job.trace + ".log";
        job.scenario = std::move(scenario);
        fs::remove(job.record, error);
        jobs.push_back(std::move(job));
    }

    fmt::print("clrhost-conformance: host {} {} ({}), driver coreclr, {} scenario variant(s)\n",
               plugin.plugin().name, plugin.plugin().version ? plugin.plugin().version : "", host,
               jobs.size());
    const unsigned parallel =
        options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    auto start = [&](Job& job) {
        const double seconds = options.timeout > 0        ? options.timeout
                               : job.scenario.timeout > 0 ? job.scenario.timeout
                                                          : kDefaultTimeoutSeconds;
        fs::remove(job.record, error);
        ++job.tries;
        job.process.emplace(child_command(options, job, host), job.log,
                            std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
    };
    std::size_t next = 0, running = 0, done = 0;
    while (done < jobs.size()) {
        while (running < parallel && next < jobs.size()) {
            start(jobs[next++]);
            ++running;
        }
        bool progressed = false;
        for (auto& job : jobs) {
            if (!job.process || job.verdict || !job.process->poll())
                continue;
            job.verdict = judge(job.scenario, job.process->end(), read_run_record(job.record),
                                job.trace, options.strict, job.log);
            if (job.verdict->result == Result::Error || options.verbose)
                job.verdict->problems.push_back(fmt::format("process output: {}", job.log));
            fmt::print("  {:<34} {}\n", job.verdict->scenario, result_name(job.verdict->result));
            job.verdict->tries = job.tries;
            if (job.verdict->result != Result::Pass && job.verdict->result != Result::Error &&
                expected.should_retry(job.verdict->scenario, job.verdict->failed, job.tries)) {
                fmt::print("  {:<34} FLAKY: try {} of {}\n", job.verdict->scenario, job.tries + 1,
                           expectations::kFlakyRetries + 1);
                job.verdict.reset();
                start(job); // a FLAKY expectation: again, in the same slot
                continue;
            }
            --running;
            ++done;
            progressed = true;
        }
        if (!progressed)
            std::this_thread::sleep_for(5ms);
    }

    std::vector<ScenarioVerdict> verdicts;
    for (auto& job : jobs)
        verdicts.push_back(std::move(*job.verdict));
    // The host's expectations decide the outcome: XFAIL, XPASS, FLAKY, stale entries.
    const auto outcome =
        expectations::apply(expected, verdicts, known_variants(options.scenario_root));
    print_summary(verdicts, outcome);
    write_reports(options,
                  run_info(options, plugin.plugin().name,
                           plugin.plugin().version ? plugin.plugin().version : "", host, verdicts),
                  verdicts, outcome);
    return outcome.exit_code();
}

} // namespace clrhost::cli
