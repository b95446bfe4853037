// `run-one` (internal): one scenario variant in this process, as `run` starts it. Writes the
// trace as it goes and, when the run completes, a run record beside it.
#include "commands.h"
#include "host_plugin_library.h"
#include "fault_injector.h"
#include "run_record.h"
#include "scenario_runner.h"

#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace clrhost::cli {
namespace {

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

} // namespace

int run_one_command(const RunOneOptions& options)
{
    static HangReport hang; // lives as long as the watchdog may use it
    auto& record = hang.record;
    hang.record_path = options.record;
    try {
        const auto scenario = scenario::load_scenario(options.scenario_root, options.scenario);
        driver::HostPluginLibrary plugin(options.host);
        auto host = plugin.create_task_manager();
        record.host_name = plugin.plugin().name;
        record.host_version = plugin.plugin().version ? plugin.plugin().version : "";
        runner::RunSettings settings;
        settings.dotnet_root = options.dotnet_root;
        settings.hang_limit_ms = options.hang_limit_ms;
        settings.on_hang = &report_hang;
        settings.on_hang_context = &hang;
        std::optional<mocks::FaultInjector> injector;
        if (!options.inject.empty()) {
            // CALL:N:HRESULT, e.g. LeaveRuntime:3:HOST_E_TIMEOUT
            const auto first = options.inject.find(':');
            const auto second = options.inject.find(':', first + 1);
            const auto kind = trace::parse_call_name(options.inject.substr(0, first));
            const auto code = second == std::string::npos
                                  ? std::nullopt
                                  : hresult_parse(options.inject.substr(second + 1));
            if (!kind || *kind == trace::CallKind::GetCurrentTask || !code)
                throw std::runtime_error(fmt::format(
                    "--inject {}: give CALL:N:HRESULT, e.g. LeaveRuntime:3:HOST_E_TIMEOUT",
                    options.inject));
            injector.emplace(host);
            injector->fail_call(static_cast<TransitionCall>(static_cast<int>(*kind) - 1),
                                std::stoull(options.inject.substr(first + 1, second - first - 1)),
                                *code);
        }
        IHostTaskManager& under_test = injector ? static_cast<IHostTaskManager&>(*injector) : *host;
        const auto result =
            runner::run_scenario(scenario, under_test, record.host_name, options.trace, settings);
        record.app_exit_code = result.app.exit_code;
        record.runtime = result.app.runtime_version;
        record.bridge_attached = result.app.bridge_attached;
        record.host_exceptions = result.app.host_exceptions;
        record.calls_recorded = result.calls_recorded;
        record.trace_error = result.trace_error;
        write_run_record(options.record, record);
        return kConforms;
    } catch (const std::exception& error) {
        record.error = error.what();
        fmt::print(stderr, "error: {}\n", error.what());
        write_run_record(options.record, record);
        return kBadInput;
    }
}

} // namespace clrhost::cli
