// `startup`: a process that runs an app which does (almost) nothing, per configuration; and a
// scenario app (doc-table) with and without the profiler. What the profiler's mask costs at
// start-up: no ReadyToRun code, every method JIT-compiled.
#include "conformance/bench/bench_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;

struct StartupOptions {
    int reps = 5;
    std::string scenario_app;
    std::string json_path;
    bool smoke = false;
};

int startup_command(StartupOptions options, const Paths& paths)
{
    if (options.smoke)
        options.reps = 1;
    struct Case {
        std::string name;
        std::string config;
        std::string app;
        std::vector<std::string> args;
        std::map<std::string, std::string> env;
    };
    const std::vector<std::string> tiny{"--calls", "1", "--reps", "1"};
    std::vector<Case> cases{
        {"bench-loops.none", "none", paths.app, tiny, {}},
        {"bench-loops.none.readytorun-off", "none", paths.app, tiny, {{"DOTNET_ReadyToRun", "0"}}},
        {"bench-loops.floor", "floor", paths.app, tiny, {}},
        {"bench-loops.bridge", "bridge", paths.app, tiny, {}},
        {"bench-loops.recorder", "recorder", paths.app, tiny, {}},
    };
    if (!options.scenario_app.empty() && fs::exists(options.scenario_app)) {
        cases.push_back({"doc-table.none", "none", options.scenario_app, {}, {}});
        cases.push_back({"doc-table.floor", "floor", options.scenario_app, {}, {}});
        cases.push_back({"doc-table.recorder", "recorder", options.scenario_app, {}, {}});
    }
    std::map<std::string, std::vector<double>> wall, cpu, rss;
    int failures = 0;
    for (int rep = 0; rep < options.reps; ++rep)
        for (const auto& each : cases) {
            const auto trace = each.config == "recorder" ? trace_path_for(paths, each.name) : "";
            const auto run = run_process(child_argv(each.config, paths, trace, each.app, each.args),
                                         each.env, std::chrono::seconds(300));
            if (!trace.empty())
                fs::remove(trace);
            if (!run.ok() || run.output.find("bench-child: config=") == std::string::npos) {
                fmt::print(stderr, "clrhost-bench: start-up case {} could not run ({}):\n{}\n",
                           each.name, run.describe_end(), run.output);
                ++failures;
                continue;
            }
            wall[each.name].push_back(run.wall_ms);
            cpu[each.name].push_back(run.cpu_ms);
            rss[each.name].push_back(static_cast<double>(run.max_rss_kb));
        }
    json result;
    result["process_repetitions"] = options.reps;
    fmt::print("\nprocess start-up to exit (median of {})\n{:<34} {:>10} {:>10} {:>10}\n",
               options.reps, "case", "wall ms", "cpu ms", "rss MiB");
    for (const auto& each : cases) {
        if (!wall.contains(each.name))
            continue;
        result["cases"][each.name] = {{"wall_ms", median(wall[each.name])},
                                      {"cpu_ms", median(cpu[each.name])},
                                      {"max_rss_mib", median(rss[each.name]) / 1024}};
        fmt::print("{:<34} {:>10.0f} {:>10.0f} {:>10.1f}\n", each.name, median(wall[each.name]),
                   median(cpu[each.name]), median(rss[each.name]) / 1024);
    }
    auto delta = [&](const char* with, const char* without) -> double {
        return wall.contains(with) && wall.contains(without)
                   ? median(wall[with]) - median(wall[without])
                   : NAN;
    };
    result["profiler_startup_ms"] = delta("bench-loops.floor", "bench-loops.none");
    result["bridge_startup_ms"] = delta("bench-loops.bridge", "bench-loops.none");
    result["scenario_profiler_startup_ms"] = delta("doc-table.floor", "doc-table.none");
    result["failures"] = failures;
    write_json(options.json_path, result);
    return failures ? 1 : 0;
}

} // namespace

Subcommand register_startup(CLI::App& app)
{
    auto options = std::make_shared<StartupOptions>();
    auto paths = std::make_shared<Paths>();
    auto* command = app.add_subcommand("startup", "process start-up with and without profiler");
    command->add_option("--reps", options->reps, "processes per case")->capture_default_str();
    command->add_option("--scenario-app", options->scenario_app,
                        "a scenario's entry assembly to time too (doc-table)");
    command->add_option("--json", options->json_path, "write the results here");
    command->add_flag("--smoke", options->smoke, "one process per case");
    add_path_options(*command, *paths);
    return {command, [options, paths] { return startup_command(*options, *paths); }};
}

} // namespace clrhost::bench
