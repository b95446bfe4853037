// `trace --out FILE -- APP.dll [ARGS...]`: any framework-dependent app (the user's own) under
// the bridge and the recorder; returns the app's exit code, so it can stand in for `dotnet`.
// The app runs in a child process: however it ends (Main returns, Environment.Exit, a crash),
// this process is left to complete the trace and say how many calls it holds.
#include "conformance/cli/commands.h"
#include "conformance/cli/driver_run.h"
#include "conformance/trace/trace_input.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/runner/scenario_runner.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace clrhost::cli {
namespace {

// On stderr: the app's own output, on stdout, stays its own.
void say_recorded(const runner::ScenarioRunResult& result)
{
    if (!result.trace_error.empty())
        fmt::print(stderr, "clrhost-conformance: {}\n", result.trace_error);
    fmt::print(stderr,
               "clrhost-conformance: {} calls recorded in {}; check them with "
               "`clrhost-conformance check {}`\n",
               result.calls_recorded, result.trace_path, result.trace_path);
}

} // namespace

struct TraceOptions {
    std::string out;
    std::string host;
    std::string dotnet_root;
    std::string driver = "coreclr";
    std::vector<std::string> app_and_args;
};

namespace {

// The app under the bridge in this process: what the child runs.
int trace_here(const TraceOptions& options)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(options.app_and_args.front(), error))
        throw std::runtime_error(fmt::format(
            "app {} not found: the path given after -- does not exist; give your app's .dll "
            "(.exe for --driver mono; build it first)",
            options.app_and_args.front()));
    check_dotnet_root(options.dotnet_root);
    check_writable_file(options.out, "--out");
    const auto app = std::filesystem::absolute(options.app_and_args.front());
    scenario::Scenario scenario;
    scenario.name = app.stem().string();
    scenario.driver = options.driver;
    scenario.dir = app.parent_path();
    scenario.entry = app.string(); // absolute: the entry on every driver
    scenario.args.assign(options.app_and_args.begin() + 1, options.app_and_args.end());
    driver::HostPluginLibrary plugin(options.host.empty() ? driver::default_host_path()
                                                          : options.host);
    auto host = plugin.create_task_manager();
    runner::RunSettings settings;
    settings.dotnet_root = options.dotnet_root;
    // An app that ends the process itself (Environment.Exit) gets its trace and this line too.
    settings.on_exit = say_recorded;
    const auto result = run_on_driver(scenario, *host, plugin.plugin().name, options.out, settings);
    say_recorded(result);
    return result.app.exit_code;
}

// The app died of a signal: its calls are still in the recording beside the trace. Exports
// them (as the suite's readers do on a first read), says how many, and exits as a shell reports
// a death, 128 + the signal.
int complete_after_death(const TraceOptions& options, int signal)
{
    const auto recording = trace::recording_path(options.out);
    fmt::print(stderr, "clrhost-conformance: the app died of signal {} ({})\n", signal,
               strsignal(signal));
    if (!std::filesystem::exists(options.out) && !std::filesystem::exists(recording)) {
        fmt::print(stderr, "clrhost-conformance: it died before its trace was started: no "
                           "calls recorded\n");
        return 128 + signal;
    }
    std::uint64_t calls = 0;
    auto input = trace::open_trace(options.out);
    while (auto call = input->next())
        calls += call->is_event() ? 0 : 1;
    if (std::filesystem::exists(recording))
        fmt::print(stderr,
                   "clrhost-conformance: {} calls recorded stay in {} (the trace {} could not be "
                   "written: a full disk or a read-only folder?); make room and run "
                   "`clrhost-conformance export {}`\n",
                   calls, recording, options.out, options.out);
    else
        fmt::print(stderr,
                   "clrhost-conformance: {} calls recorded in {} (completed from its recording); "
                   "check them with `clrhost-conformance check {} --died`\n",
                   calls, options.out, options.out);
    return 128 + signal;
}

} // namespace

int trace_command(const TraceOptions& options)
{
    std::fflush(nullptr); // nothing buffered is written twice
    const pid_t child = fork();
    if (child < 0)
        throw std::runtime_error(
            fmt::format("cannot start the app's process: {}", std::strerror(errno)));
    if (child == 0)
        return trace_here(options); // the child's exit code is the app's
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
        return complete_after_death(options, WTERMSIG(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

Subcommand register_trace(CLI::App& app)
{
    auto trace = std::make_shared<TraceOptions>();
    auto* command =
        app.add_subcommand("trace", "run any app under the bridge and recorder: trace -- APP.dll");
    command->add_option("--out,-o", trace->out, "trace file to write")->required();
    command->add_option("--host", trace->host, "host plug-in (.so); default: the reference host");
    command->add_option("--dotnet-root", trace->dotnet_root, "the .NET install to run on");
    command
        ->add_option("--driver", trace->driver,
                     "the runtime: coreclr (a .NET app), or mono (a .NET Framework app, APP.exe)")
        ->check(CLI::IsMember({"coreclr", "mono"}))
        ->capture_default_str();
    command->add_option("app", trace->app_and_args, "APP.dll [ARGS...] (after --)")->required();
    return {command, [trace] { return trace_command(*trace); }};
}

} // namespace clrhost::cli
