// clrhost-conformance: runs scenarios on the real runtime against a host and says whether the
// host saw the calls the protocol prescribes; checks saved traces; traces any app.
#include "conformance/cli/commands.h"
#include "fixtures/driver/host_plugin_library.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#ifndef CLRHOST_INSTALLED_SCENARIOS
#define CLRHOST_INSTALLED_SCENARIOS "../share/clrhost-conformance/managed-testapps"
#endif

namespace clrhost::cli {

std::string executable_path()
{
    std::error_code error;
    return std::filesystem::read_symlink("/proc/self/exe", error).string();
}

// The build tree: <build>/bin/clrhost-conformance and <build>/managed-testapps. An install:
// <prefix>/bin/clrhost-conformance and <prefix>/share/clrhost-conformance/managed-testapps (the
// relative path comes from the install directories CMake was configured with).
std::string default_scenario_root()
{
    const auto dir = std::filesystem::path(executable_path()).parent_path();
    const auto built = dir.parent_path() / "managed-testapps";
    std::error_code error;
    if (std::filesystem::is_directory(built, error))
        return built.string();
    return (dir / CLRHOST_INSTALLED_SCENARIOS).lexically_normal().string();
}

} // namespace clrhost::cli

namespace {

using namespace clrhost::cli;

// Runtime threads may still be running: leave without exit-time destructors.
[[noreturn]] void leave(int code)
{
    std::fflush(nullptr);
    ::_exit(code);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"clrhost-conformance: a conformance suite for CLR hosts' IHostTaskManager"};
    app.require_subcommand(1);

    RunOptions run;
    auto* run_cmd = app.add_subcommand("run", "run scenarios on the real runtime against a host");
    run_cmd->add_option("--scenario", run.scenario, "scenario (name or name:language), or all")
        ->capture_default_str();
    run_cmd->add_option("--filter", run.filter, "regular expression over name:language");
    run_cmd->add_option("--host", run.host, "host plug-in (.so); default: the reference host");
    run_cmd->add_option("--trace", run.trace, "trace file, when one scenario variant runs");
    run_cmd->add_option("--trace-dir", run.trace_dir, "folder for traces")->capture_default_str();
    run_cmd->add_option("--jobs,-j", run.jobs, "scenario processes at once (default: cores)");
    run_cmd->add_option("--timeout", run.timeout, "seconds per scenario (default: its own, 120)");
    run_cmd->add_option("--scenario-root", run.scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    run_cmd->add_option("--dotnet-root", run.dotnet_root, "the .NET install to run on");
    run_cmd
        ->add_option("--hang-limit", run.hang_limit,
                     "seconds one host call may take before it is a hang")
        ->capture_default_str();
    run_cmd->add_flag("--strict", run.strict, "warnings fail too");
    run_cmd->add_flag("--verbose,-v", run.verbose, "name each scenario's output file");
    run_cmd->add_option("--expectations", run.expectations,
                        "the host's expectation file: known failures (XFAIL), FLAKY tests");
    run_cmd->add_option("--junit", run.junit, "write a JUnit XML report to this file");
    run_cmd->add_option("--json", run.json, "write the JSON report (docs/REPORTS.md) to this file");
    run_cmd->add_option("--markdown", run.markdown,
                        "write a Markdown report (for a CI job summary) to this file");

    RunOneOptions one;
    auto* one_cmd = app.add_subcommand("run-one", "(internal) one scenario variant in-process");
    one_cmd->group("");
    one_cmd->add_option("--scenario", one.scenario)->required();
    one_cmd->add_option("--host", one.host)->required();
    one_cmd->add_option("--trace", one.trace)->required();
    one_cmd->add_option("--record", one.record)->required();
    one_cmd->add_option("--scenario-root", one.scenario_root);
    one_cmd->add_option("--dotnet-root", one.dotnet_root);
    one_cmd->add_option("--hang-limit-ms", one.hang_limit_ms);
    one_cmd->add_option("--inject", one.inject);

    RunAgainOptions again;
    auto* again_cmd = app.add_subcommand(
        "run-again", "(internal) one scenario variant's Main run several times in one runtime");
    again_cmd->group("");
    again_cmd->add_option("--scenario", again.scenario)->required();
    again_cmd->add_option("--host", again.host)->required();
    again_cmd->add_option("--main-entry", again.main_entry)->required();
    again_cmd->add_option("--scenario-root", again.scenario_root);
    again_cmd->add_option("--dotnet-root", again.dotnet_root);
    again_cmd->add_option("--hang-limit-ms", again.hang_limit_ms);
    again_cmd->add_option("--run", again.runs)->required();

    FaultsOptions faults;
    auto* faults_cmd = app.add_subcommand(
        "faults", "inject each documented failure into each app call; check the reaction");
    faults_cmd->add_option("--scenario", faults.scenario, "scenario (name or name:language)")
        ->required();
    faults_cmd->add_option("--host", faults.host,
                           "host plug-in (.so); default: the reference host");
    faults_cmd
        ->add_option("--max-calls", faults.max_calls, "app calls to inject into, from the first")
        ->capture_default_str();
    faults_cmd->add_option("--trace-dir", faults.trace_dir, "folder for traces")
        ->capture_default_str();
    faults_cmd->add_option("--jobs,-j", faults.jobs, "processes at once (default: cores)");
    faults_cmd->add_option("--scenario-root", faults.scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    faults_cmd->add_option("--dotnet-root", faults.dotnet_root, "the .NET install to run on");
    faults_cmd->add_flag("--own-process", faults.own_process,
                         "every injection in a process of its own (no shared runtime)");

    CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "check a saved trace against the rules");
    check_cmd->add_option("trace", check.trace, "trace file (JSON Lines, format v1)")->required();
    check_cmd->add_option("--scenario", check.scenario, "also compare with this scenario");
    check_cmd->add_option("--scenario-root", check.scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    check_cmd->add_flag("--strict", check.strict, "warnings fail too");
    check_cmd->add_flag("--died", check.died, "the process died: open layers are a crash");

    TraceOptions trace;
    auto* trace_cmd =
        app.add_subcommand("trace", "run any app under the bridge and recorder: trace -- APP.dll");
    trace_cmd->add_option("--out,-o", trace.out, "trace file to write")->required();
    trace_cmd->add_option("--host", trace.host, "host plug-in (.so); default: the reference host");
    trace_cmd->add_option("--dotnet-root", trace.dotnet_root, "the .NET install to run on");
    trace_cmd->add_option("app", trace.app_and_args, "APP.dll [ARGS...] (after --)")->required();

    ReplayOptions replay;
    auto* replay_cmd = app.add_subcommand(
        "replay", "feed a trace to a host without a runtime and compare its answers");
    replay_cmd->add_option("trace", replay.trace, "trace file (format v1)")->required();
    replay_cmd->add_option("--host", replay.host,
                           "host plug-in (.so); default: the reference host");
    replay_cmd->add_option("--out", replay.out, "the replay's own trace");

    ExportOptions export_options;
    auto* export_cmd = app.add_subcommand(
        "export", "complete the trace of a process that died from the recording beside it");
    export_cmd->add_option("trace", export_options.trace, "trace file (format v1)")->required();

    ExerciseOptions exercise;
    auto* exercise_cmd = app.add_subcommand(
        "exercise", "drive a host with generated walks, no runtime; check its obligations");
    exercise_cmd->add_option("--host", exercise.host,
                             "host plug-in (.so); default: the reference host");
    exercise_cmd->add_option("--seed", exercise.seed, "seed of the walks (default: a random one)");
    exercise_cmd->add_option("--threads", exercise.threads, "threads walking at once")
        ->capture_default_str();
    exercise_cmd
        ->add_option("--walks", exercise.walks, "walks per thread, each on a fresh task manager")
        ->capture_default_str();

    app.add_subcommand("rules", "list the protocol rules and their levels");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : kBadInput;
    }
    try {
        if (run_cmd->parsed())
            leave(run_command(run));
        if (one_cmd->parsed())
            leave(run_one_command(one));
        if (again_cmd->parsed())
            leave(run_again_command(again));
        if (check_cmd->parsed())
            leave(check_command(check));
        if (trace_cmd->parsed())
            leave(trace_command(trace));
        if (replay_cmd->parsed())
            leave(replay_command(replay));
        if (export_cmd->parsed())
            leave(export_command(export_options));
        if (exercise_cmd->parsed())
            leave(exercise_command(exercise));
        if (faults_cmd->parsed()) {
            if (faults.host.empty())
                faults.host = clrhost::driver::default_host_path();
            leave(faults_command(faults));
        }
        leave(rules_command());
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        leave(kBadInput);
    }
}
