// `run-one` (internal): one scenario variant in this process, as `run` starts it. Writes the
// trace as it goes and, when the run completes, a run record beside it.
#include "commands.h"
#include "host_plugin_library.h"
#include "run_record.h"
#include "scenario_runner.h"

#include <fmt/format.h>

namespace clrhost::cli {

int run_one_command(const RunOneOptions& options)
{
    RunRecord record;
    try {
        const auto scenario = scenario::load_scenario(options.scenario_root, options.scenario);
        driver::HostPluginLibrary plugin(options.host);
        auto host = plugin.create_task_manager();
        record.host_name = plugin.plugin().name;
        record.host_version = plugin.plugin().version ? plugin.plugin().version : "";
        runner::RunSettings settings;
        settings.dotnet_root = options.dotnet_root;
        const auto result =
            runner::run_scenario(scenario, *host, record.host_name, options.trace, settings);
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
