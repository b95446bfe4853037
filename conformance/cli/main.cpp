// clrhost-conformance: runs scenarios on the real runtime against a host and says whether the
// host saw the calls the protocol prescribes.
//   exit 0: every scenario conforms; 1: a scenario does not; 2: bad input or setup.
#include "host_plugin_library.h"
#include "scenario_runner.h"
#include "trace_format.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace clrhost;

constexpr int kConforms = 0;
constexpr int kViolations = 1;
constexpr int kBadInput = 2;

fs::path executable_dir()
{
    std::error_code error;
    return fs::read_symlink("/proc/self/exe", error).parent_path();
}

struct RunOptions {
    std::string scenario = "doc-table";
    std::string trace;
    std::string host = driver::default_host_path();
    std::string scenario_root = (executable_dir().parent_path() / "managed-testapps").string();
    std::string dotnet_root;
};

int run(const RunOptions& options)
{
    const auto scenario = scenario::load_scenario(options.scenario_root, options.scenario);
    driver::HostPluginLibrary plugin(options.host);
    auto host = plugin.create_task_manager();
    const auto trace_path =
        options.trace.empty() ? fmt::format("{}.trace.jsonl", scenario.name) : options.trace;

    runner::RunSettings settings;
    settings.dotnet_root = options.dotnet_root;
    const auto result =
        runner::run_scenario(scenario, *host, plugin.plugin().name, trace_path, settings);

    fmt::print("clrhost-conformance: host {} {}, driver coreclr, runtime {}\n",
               plugin.plugin().name, plugin.plugin().version ? plugin.plugin().version : "",
               result.app.runtime_version);
    if (!result.app.bridge_attached) {
        fmt::print(stderr,
                   "error: the runtime did not load the transition bridge ({}): check "
                   "that nothing else sets CORECLR_PROFILER* and that the bridge matches "
                   "this runtime\n",
                   driver::default_bridge_path());
        return kBadInput;
    }
    if (!result.trace_error.empty()) {
        fmt::print(stderr, "error: {}: free space or choose another --trace path\n",
                   result.trace_error);
        return kBadInput;
    }

    const auto trace = trace::read_trace_file(trace_path);
    const auto observed = scenario::app_calls(trace.calls);
    const auto comparison = scenario::compare_with_scenario(scenario, observed);
    std::vector<std::string> problems = comparison.problems;
    if (result.app.exit_code != scenario.exit_code)
        problems.push_back(fmt::format("the app exited with {}, expected {}", result.app.exit_code,
                                       scenario.exit_code));
    if (result.app.host_exceptions != 0)
        problems.push_back(fmt::format("the host threw {} C++ exception(s) out of its calls",
                                       result.app.host_exceptions));

    const bool passed = problems.empty();
    fmt::print("\n{:<22} {:<6} {:>12} {:>12}  {}\n", "scenario", "result", "app calls", "all calls",
               "trace");
    fmt::print("{:<22} {:<6} {:>12} {:>12}  {}\n",
               fmt::format("{} ({})", scenario.name, scenario.id), passed ? "PASS" : "FAIL",
               fmt::format("{}/{}", observed.size(), scenario.single_thread_calls().size()), trace.calls.size(),
               trace_path);
    if (!passed) {
        fmt::print("\nexpected (left) against observed (right), the app's calls only:\n{}",
                   comparison.table);
        for (const auto& problem : problems)
            fmt::print("  - {}\n", problem);
    }
    fmt::print("\n{} passed, {} failed\n", passed ? 1 : 0, passed ? 0 : 1);
    return passed ? kConforms : kViolations;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"clrhost-conformance: a conformance suite for CLR hosts' IHostTaskManager"};
    app.require_subcommand(1);
    RunOptions options;
    auto* run_command =
        app.add_subcommand("run", "run a scenario on the real runtime against a host");
    run_command->add_option("--scenario", options.scenario, "scenario name")->capture_default_str();
    run_command->add_option("--trace", options.trace,
                            "trace file to write (default: <scenario>.trace.jsonl)");
    run_command->add_option("--host", options.host, "host plug-in (.so)")->capture_default_str();
    run_command
        ->add_option("--scenario-root", options.scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    run_command->add_option(
        "--dotnet-root", options.dotnet_root,
        "the .NET install to run on (default: $DOTNET_ROOT, else nethost's search)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : kBadInput;
    }
    try {
        const int code = run(options);
        std::fflush(nullptr);
        // Runtime threads may still be about: leave without running exit-time destructors.
        ::_exit(code);
    } catch (const std::exception& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        std::fflush(nullptr);
        ::_exit(kBadInput);
    }
}
