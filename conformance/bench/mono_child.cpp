// `child --driver mono`: one configuration on Mono embedded in this process (the mono driver),
// running the loop app's .NET Framework build:
//   none      Mono with no profiler: its own P/Invoke and reverse P/Invoke
//   floor     Mono's call instrumentation on the wrappers the bridge instruments, with callbacks
//             that do nothing (fixtures/mono-bridge/mono_floor.h): Mono's floor
//   bridge    the Mono bridge calling the reference host
//   recorder  the Mono bridge, the recorder (trace file) and the reference host: a scenario
//             process on Mono, as `run-one --driver mono` runs it
// Prints the same "bench-child:" line as the coreclr configurations, with the host calls made
// (bridge) or recorded (recorder), which `transitions` checks against the calls the app made.
#include "conformance/bench/bench_command.h"

#include "fixtures/mono-bridge/mono_bridge.h"
#include "fixtures/mono-bridge/mono_driver.h"
#include "fixtures/mono-bridge/mono_floor.h"
#include "fixtures/reference-host/reference_host.h"
#include "fixtures/runner/mono_scenario_runner.h"

#include <fmt/format.h>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void run_unhosted(const std::string& config, const Paths& paths,
                               const std::vector<std::string>& app_args)
{
    mono::MonoDriver mono(config == "floor" ? mono::Instrumentation::EmptyCallbacks
                                            : mono::Instrumentation::None);
    const auto runtime = mono.load_app(paths.app, app_args);
    const auto run = mono.run_app();
    if (const auto instrumented = mono::floor_instrumented();
        config == "floor" && (!instrumented.pinvokes || !instrumented.callbacks)) {
        fmt::print(stderr,
                   "bench-child: Mono instrumented {} P/Invoke and {} callback wrappers "
                   "for the floor: it measured nothing\n",
                   instrumented.pinvokes, instrumented.callbacks);
        leave(4);
    }
    fmt::print("bench-child: config={} exit={} runtime=mono-{}\n", config, run.exit_code, runtime);
    leave(run.exit_code);
}

[[noreturn]] void run_bridge(IHostTaskManager& host, const Paths& paths,
                             const std::vector<std::string>& app_args)
{
    mono::MonoDriver mono;
    const auto runtime = mono.load_app(paths.app, app_args);
    const auto run = mono.run_app(host);
    mono.uninstall();
    fmt::print("bench-child: config=bridge exit={} runtime=mono-{} host_calls={}\n", run.exit_code,
               runtime, mono::MonoBridge::instance().status().host_calls);
    leave(run.exit_code);
}

// The app as a scenario of the mono driver: its .NET Framework build is <dir>/net48/<entry>.
[[noreturn]] void run_recorder(IHostTaskManager& host, const Paths& paths, const std::string& trace,
                               const std::vector<std::string>& app_args)
{
    const fs::path app(paths.app);
    if (app.parent_path().filename() != "net48")
        throw std::runtime_error(fmt::format(
            "--app {}: the mono driver runs an app's net48 build, <folder>/net48/<app>.exe",
            paths.app));
    scenario::Scenario scenario;
    scenario.name = "bench-loops";
    scenario.language = "cs";
    scenario.driver = "mono";
    scenario.dir = app.parent_path().parent_path();
    scenario.entry = app.filename().string();
    scenario.args = app_args;
    const auto result = runner::run_scenario_on_mono(scenario, host, "reference", trace);
    if (!result.trace_error.empty()) {
        fmt::print(stderr, "bench-child: {}\n", result.trace_error);
        leave(5);
    }
    fmt::print("bench-child: config=recorder exit={} runtime=mono-{} calls_recorded={} "
               "recording_bytes={} export_seconds={:.3f}\n",
               result.app.exit_code, result.app.runtime_version, result.calls_recorded,
               result.recording_bytes, result.export_seconds);
    leave(result.app.exit_code);
}

} // namespace

[[noreturn]] void mono_child(const std::string& config, const Paths& paths,
                             const std::string& trace, const std::vector<std::string>& app_args)
{
    if (config == "none" || config == "floor")
        run_unhosted(config, paths, app_args);
    auto host = make_com<reference::ReferenceHost>();
    if (config == "bridge")
        run_bridge(*host, paths, app_args);
    if (config == "recorder")
        run_recorder(*host, paths, trace, app_args);
    fmt::print(stderr, "bench-child: unknown configuration {}\n", config);
    leave(2);
}

} // namespace clrhost::bench
