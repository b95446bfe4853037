// `child` (internal): one configuration in this process, as the other subcommands start it:
//   none      no profiler: the runtime's own P/Invoke and reverse P/Invoke
//   floor     the floor profiler: COR_PRF_MONITOR_CODE_TRANSITIONS, empty callbacks
//             (fixtures/floor-profiler), the least any transition-based driver can cost
//   bridge    the transition bridge calling the reference host
//   recorder  the bridge, the recorder (trace file) and the reference host: a scenario process
// With --driver mono, the same four on Mono (mono_child.cpp). Prints the bench-loops app's lines
// and its own "bench-child: config=..." line (parse_loop_output reads them), and ends with the
// app's exit code.
#include "conformance/bench/bench_command.h"

#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/floor-profiler/floor_profiler.h"
#include "fixtures/reference-host/reference_host.h"
#include "fixtures/runner/scenario_runner.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <hostfxr.h>
#include <nethost.h>

#include <cstdlib>
#include <dlfcn.h>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;

// The runtime without the bridge's driver: hostfxr alone, as `dotnet app.dll` starts it.
int run_plain_app(const std::string& dotnet_root, const std::string& app,
                  const std::vector<std::string>& args)
{
    std::array<char_t, 4096> hostfxr_path{};
    size_t size = hostfxr_path.size();
    get_hostfxr_parameters parameters{sizeof(get_hostfxr_parameters), nullptr,
                                      dotnet_root.empty() ? nullptr : dotnet_root.c_str()};
    if (get_hostfxr_path(hostfxr_path.data(), &size, &parameters) != 0)
        throw std::runtime_error("nethost found no hostfxr: set DOTNET_ROOT");
    void* hostfxr = ::dlopen(hostfxr_path.data(), RTLD_NOW | RTLD_LOCAL);
    if (!hostfxr)
        throw std::runtime_error(fmt::format("cannot load hostfxr: {}", ::dlerror()));
    auto initialize = reinterpret_cast<hostfxr_initialize_for_dotnet_command_line_fn>(
        ::dlsym(hostfxr, "hostfxr_initialize_for_dotnet_command_line"));
    auto run = reinterpret_cast<hostfxr_run_app_fn>(::dlsym(hostfxr, "hostfxr_run_app"));
    auto close = reinterpret_cast<hostfxr_close_fn>(::dlsym(hostfxr, "hostfxr_close"));
    if (!initialize || !run || !close)
        throw std::runtime_error("hostfxr lacks the hosting entry points");
    std::vector<const char_t*> argv{app.c_str()};
    for (const auto& arg : args)
        argv.push_back(arg.c_str());
    hostfxr_initialize_parameters init{sizeof(hostfxr_initialize_parameters), nullptr,
                                       dotnet_root.c_str()};
    hostfxr_handle context = nullptr;
    const int rc = initialize(static_cast<int>(argv.size()), argv.data(),
                              dotnet_root.empty() ? nullptr : &init, &context);
    if (rc != 0 || !context)
        throw std::runtime_error(fmt::format("starting the runtime for {} failed with 0x{:08X}",
                                             app, static_cast<std::uint32_t>(rc)));
    const int exit_code = run(context);
    close(context);
    return exit_code;
}

// none or floor: the runtime as `dotnet app.dll` starts it, with the floor profiler or none.
[[noreturn]] void run_unbridged(const std::string& config, const Paths& paths,
                                const std::vector<std::string>& app_args)
{
    ::unsetenv("CORECLR_ENABLE_PROFILING");
    ::unsetenv("CORECLR_PROFILER");
    ::unsetenv("CORECLR_PROFILER_PATH");
    clrhost_floor_profiler_attached_fn attached = nullptr;
    if (config == "floor") {
        const auto floor = fs::canonical(paths.floor).string();
        // Loaded first, so the runtime's own dlopen of the file gets this instance.
        void* library = ::dlopen(floor.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!library)
            throw std::runtime_error(
                fmt::format("cannot load the floor profiler: {}", ::dlerror()));
        attached = reinterpret_cast<clrhost_floor_profiler_attached_fn>(
            ::dlsym(library, CLRHOST_FLOOR_PROFILER_ATTACHED));
        ::setenv("CORECLR_ENABLE_PROFILING", "1", 1);
        ::setenv("CORECLR_PROFILER", CLRHOST_FLOOR_PROFILER_CLSID, 1);
        ::setenv("CORECLR_PROFILER_PATH", floor.c_str(), 1);
    }
    const int exit_code = run_plain_app(paths.dotnet_root, paths.app, app_args);
    if (attached && attached() != 1) {
        fmt::print(stderr, "bench-child: the runtime did not load the floor profiler\n");
        leave(4);
    }
    fmt::print("bench-child: config={} exit={}\n", config, exit_code);
    leave(exit_code);
}

[[noreturn]] void run_bridge(IHostTaskManager& host, const Paths& paths,
                             const std::vector<std::string>& app_args)
{
    driver::CoreclrDriver coreclr(paths.dotnet_root, paths.bridge);
    const auto runtime = coreclr.load_app(paths.app, app_args);
    const auto run = coreclr.run_app(host);
    coreclr.uninstall();
    if (!run.bridge_attached) {
        fmt::print(stderr, "bench-child: the runtime did not load the bridge\n");
        leave(4);
    }
    fmt::print("bench-child: config=bridge exit={} runtime={}\n", run.exit_code, runtime);
    leave(run.exit_code);
}

// A scenario process: the runner's driver, recording and recorder, as `run-one` runs it (the
// trace is exported after the app's timed loops).
[[noreturn]] void run_recorder(IHostTaskManager& host, const Paths& paths, const std::string& trace,
                               const std::vector<std::string>& app_args)
{
    scenario::Scenario scenario;
    scenario.name = "bench-loops";
    scenario.language = "cs";
    scenario.dir = fs::path(paths.app).parent_path();
    scenario.entry = fs::path(paths.app).filename().string();
    scenario.args = app_args;
    runner::RunSettings settings;
    settings.dotnet_root = paths.dotnet_root;
    settings.bridge_path = paths.bridge;
    const auto result = runner::run_scenario(scenario, host, "reference", trace, settings);
    if (!result.app.bridge_attached) {
        fmt::print(stderr, "bench-child: the runtime did not load the bridge\n");
        leave(4);
    }
    if (!result.trace_error.empty()) {
        fmt::print(stderr, "bench-child: {}\n", result.trace_error);
        leave(5);
    }
    fmt::print("bench-child: config=recorder exit={} runtime={} calls_recorded={} "
               "recording_bytes={} export_seconds={:.3f}\n",
               result.app.exit_code, result.app.runtime_version, result.calls_recorded,
               result.recording_bytes, result.export_seconds);
    leave(result.app.exit_code);
}

[[noreturn]] void child_command(const std::string& config, const Paths& paths,
                                const std::string& trace, const std::vector<std::string>& app_args)
{
    try {
        if (paths.driver == "mono") {
#ifdef CLRHOST_HAVE_MONO_DRIVER
            mono_child(config, paths, trace, app_args);
#else
            fmt::print(stderr, "bench-child: this build has no mono driver\n");
            leave(2);
#endif
        }
        if (config == "none" || config == "floor")
            run_unbridged(config, paths, app_args);
        auto host = make_com<reference::ReferenceHost>();
        if (config == "bridge")
            run_bridge(*host, paths, app_args);
        if (config == "recorder")
            run_recorder(*host, paths, trace, app_args);
        fmt::print(stderr, "bench-child: unknown configuration {}\n", config);
        leave(2);
    } catch (const std::exception& error) {
        fmt::print(stderr, "bench-child: {}\n", error.what());
        leave(2);
    }
}

struct ChildOptions {
    std::string config;
    std::string trace;
    std::vector<std::string> app_args;
    Paths paths;
};

} // namespace

Subcommand register_child(CLI::App& app)
{
    auto options = std::make_shared<ChildOptions>();
    auto* command = app.add_subcommand("child", "(internal) one configuration in this process");
    command->add_option("--config", options->config, "none, floor, bridge or recorder")->required();
    command->add_option("--trace", options->trace, "the recorder's trace file");
    command->add_option("app_args", options->app_args, "the app's arguments (after --)");
    add_path_options(*command, options->paths);
    add_driver_option(*command, options->paths);
    return {command, [options]() -> int {
                child_command(options->config, options->paths, options->trace, options->app_args);
            }};
}

} // namespace clrhost::bench
