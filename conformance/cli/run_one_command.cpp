// `run-one` (internal): one scenario variant in this process, as `run` starts it. Writes the
// trace as it goes and, when the run completes, a run record beside it.
// `run-again` (internal): one variant's Main run several times in one runtime, each run with its
// own injection, trace and run record (TRACE.run.json), as `faults` starts it.
#include "conformance/cli/commands.h"
#include "conformance/cli/driver_run.h"
#include "conformance/verdict/run_record.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/fault-injector/fault_injector.h"
#include "fixtures/runner/scenario_runner.h"
#ifdef CLRHOST_HAVE_MONO_DRIVER
#include "fixtures/runner/mono_scenario_runner.h"
#endif

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace clrhost::cli {
namespace {

struct RunOneOptions {
    std::string scenario; // "name:language"
    std::string host;
    std::string trace;
    std::string record;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    unsigned hang_limit_ms = 10000;
    std::string inject; // "N:HRESULT": the Nth app transition call fails with HRESULT
    std::string driver = "coreclr";
};

struct RunAgainOptions {
    std::string scenario; // "name:language"
    std::string host;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    std::string main_entry; // ClrhostMainEntry.dll
    unsigned hang_limit_ms = 10000;
    std::vector<std::string> runs; // "INJECTION=TRACE", INJECTION as run-one --inject or empty
    std::string driver = "coreclr";
};

struct HangReport {
    std::string record_path;
    RunRecord record;
};

// From the watchdog thread, while another thread is stuck in the host: the trace is already on
// disk, the record says which call hung, and the process ends with its own exit code.
void report_hang(const char* description, void* context)
{
    auto& report = *static_cast<HangReport*>(context);
    report.record.hang = description;
    write_run_record(report.record_path, report.record);
    fmt::print(stderr, "error: {}\n", description);
    std::fflush(nullptr);
    ::_exit(kHangExitCode);
}

HangReport& hang_report() // lives as long as the watchdog may use it
{
    static HangReport report;
    return report;
}

runner::RunSettings run_settings(const std::string& dotnet_root, unsigned hang_limit_ms)
{
    runner::RunSettings settings;
    settings.dotnet_root = dotnet_root;
    settings.hang_limit_ms = hang_limit_ms;
    settings.on_hang = &report_hang;
    settings.on_hang_context = &hang_report();
    return settings;
}

// CALL:N:HRESULT, e.g. LeaveRuntime:3:HOST_E_TIMEOUT: the Nth app call of that kind fails.
void inject(layers::FaultInjector& injector, const std::string& spec)
{
    const auto first = spec.find(':');
    const auto second = spec.find(':', first + 1);
    const auto kind = parse_call_name(spec.substr(0, first));
    const auto code =
        second == std::string::npos ? std::nullopt : hresult_parse(spec.substr(second + 1));
    if (!kind || *kind == HostCall::GetCurrentTask || !code)
        throw std::runtime_error(fmt::format(
            "--inject {}: give CALL:N:HRESULT, e.g. LeaveRuntime:3:HOST_E_TIMEOUT", spec));
    injector.fail_call(*kind, std::stoull(spec.substr(first + 1, second - first - 1)), *code);
}

// One run: a fresh host from the plug-in, behind an injector when spec names a fault; the run
// record written when the run completes.
template <typename Run>
void record_one_run(driver::HostPluginLibrary& plugin, const std::string& spec,
                    const std::string& record_path, Run&& run)
{
    auto& hang = hang_report();
    hang.record_path = record_path;
    auto& record = hang.record;
    record = {};
    record.host_name = plugin.plugin().name;
    record.host_version = plugin.plugin().version ? plugin.plugin().version : "";
    auto host = plugin.create_task_manager();
    std::optional<layers::FaultInjector> injector;
    if (!spec.empty()) {
        injector.emplace(host);
        inject(*injector, spec);
    }
    IHostTaskManager& under_test = injector ? static_cast<IHostTaskManager&>(*injector) : *host;
    const runner::ScenarioRunResult result = run(under_test, record.host_name);
    record.app_exit_code = result.app.exit_code;
    record.runtime = result.app.runtime_version;
    record.bridge_attached = result.app.bridge_attached;
    record.host_exceptions = result.app.host_exceptions;
    record.calls_recorded = result.calls_recorded;
    record.trace_error = result.trace_error;
    write_run_record(record_path, record);
}

int run_one_command(const RunOneOptions& options)
{
    hang_report().record_path = options.record;
    try {
        const auto scenario =
            scenario::load_scenario(options.scenario_root, options.scenario, options.driver);
        driver::HostPluginLibrary plugin(options.host);
        const auto settings = run_settings(options.dotnet_root, options.hang_limit_ms);
        record_one_run(plugin, options.inject, options.record,
                       [&](IHostTaskManager& host, const std::string& host_name) {
                           return run_on_driver(scenario, host, host_name, options.trace, settings);
                       });
        return kConforms;
    } catch (const std::exception& error) {
        auto& record = hang_report().record;
        record.error = error.what();
        fmt::print(stderr, "error: {}\n", error.what());
        write_run_record(options.record, record);
        return kBadInput;
    }
}

int run_again_command(const RunAgainOptions& options)
{
    std::size_t next = 0; // the run a setup error belongs to
    try {
        const auto scenario = scenario::load_scenario(options.scenario_root, options.scenario);
        driver::HostPluginLibrary plugin(options.host);
        runner::RepeatedScenarioRunner runner(
            scenario, options.main_entry, run_settings(options.dotnet_root, options.hang_limit_ms));
        for (; next < options.runs.size(); ++next) {
            // INJECTION=TRACE, INJECTION empty for a run without one.
            const auto& run = options.runs[next];
            const auto split = run.find('=');
            if (split == std::string::npos)
                throw std::runtime_error(fmt::format("--run {}: give INJECTION=TRACE", run));
            const auto trace = run.substr(split + 1);
            record_one_run(plugin, run.substr(0, split), run_record_path(trace),
                           [&](IHostTaskManager& host, const std::string& host_name) {
                               return runner.run(host, host_name, trace);
                           });
        }
        return kConforms;
    } catch (const std::exception& error) {
        // The run under way, and the ones after it, have no record: `faults` runs them again
        // each in a process of its own.
        fmt::print(stderr, "error: run {} of {}: {}\n", next + 1, options.runs.size(),
                   error.what());
        return kBadInput;
    }
}

} // namespace

runner::ScenarioRunResult run_on_driver(const scenario::Scenario& scenario, IHostTaskManager& host,
                                        const std::string& host_name, const std::string& trace,
                                        const runner::RunSettings& settings)
{
    if (scenario.driver == "coreclr")
        return runner::run_scenario(scenario, host, host_name, trace, settings);
#ifdef CLRHOST_HAVE_MONO_DRIVER
    return runner::run_scenario_on_mono(scenario, host, host_name, trace, settings);
#else
    throw driver::DriverError(kNoMonoDriver);
#endif
}

Subcommand register_run_one(CLI::App& app)
{
    auto one = std::make_shared<RunOneOptions>();
    auto* command = app.add_subcommand("run-one", "(internal) one scenario variant in-process");
    command->group("");
    command->add_option("--scenario", one->scenario)->required();
    command->add_option("--host", one->host)->required();
    command->add_option("--trace", one->trace)->required();
    command->add_option("--record", one->record)->required();
    command->add_option("--scenario-root", one->scenario_root);
    command->add_option("--dotnet-root", one->dotnet_root);
    command->add_option("--hang-limit-ms", one->hang_limit_ms);
    command->add_option("--inject", one->inject);
    command->add_option("--driver", one->driver)->check(CLI::IsMember({"coreclr", "mono"}));
    return {command, [one] { return run_one_command(*one); }};
}

Subcommand register_run_again(CLI::App& app)
{
    auto again = std::make_shared<RunAgainOptions>();
    auto* command = app.add_subcommand(
        "run-again", "(internal) one scenario variant's Main run several times in one runtime");
    command->group("");
    command->add_option("--scenario", again->scenario)->required();
    command->add_option("--host", again->host)->required();
    command->add_option("--main-entry", again->main_entry)->required();
    command->add_option("--scenario-root", again->scenario_root);
    command->add_option("--dotnet-root", again->dotnet_root);
    command->add_option("--hang-limit-ms", again->hang_limit_ms);
    command->add_option("--run", again->runs)->required();
    // Main runs again in one CoreCLR runtime (the suite's managed entry): coreclr only.
    command->add_option("--driver", again->driver)->check(CLI::IsMember({"coreclr"}));
    return {command, [again] { return run_again_command(*again); }};
}

} // namespace clrhost::cli
