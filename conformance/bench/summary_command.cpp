// `summary`: the parts ci/bench.sh collected, merged into one JSON with the headline figures.
// Parts: transitions, transitions_mono (`transitions --driver mono`), startup, lossless (this
// program's JSON), rules_memory_small and
// rules_memory_large (clrhost_bench_rules --memory-calls), rules_gb, recorder_gb and bridge_gb
// (Google Benchmark's JSON output).
#include "conformance/bench/bench_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <map>

namespace clrhost::bench {
namespace {

struct SummaryOptions {
    std::string out;
    std::map<std::string, std::string> parts;
    double suite_seconds = 0;
    int suite_exit = -1;
    bool smoke = false;
};

// A Google Benchmark JSON output's runs, by name (iterations only, the first of each name).
std::map<std::string, json> benchmark_runs(const json& output)
{
    std::map<std::string, json> runs;
    if (!output.is_object() || !output.contains("benchmarks"))
        return runs;
    for (const auto& run : output["benchmarks"])
        if (run.value("run_type", "iteration") == "iteration")
            runs.emplace(run.value("name", ""), run);
    return runs;
}

json run_figure(const std::map<std::string, json>& runs, const std::string& prefix,
                const char* field, double scale = 1)
{
    for (const auto& [name, run] : runs)
        if (name.starts_with(prefix) && run.contains(field))
            return run[field].get<double>() * scale;
    return nullptr;
}

// parts[part][key], or null.
json take(const json& parts, const char* part, const char* key)
{
    return parts.contains(part) && parts[part].is_object() && parts[part].contains(key)
               ? parts[part][key]
               : json(nullptr);
}

// The rules engine, the recorder and the bridge's callbacks without the runtime.
void add_component_figures(json& summary, const json& parts)
{
    // The rules engine.
    const auto rules_runs = benchmark_runs(parts.value("rules_gb", json()));
    summary["rules_calls_per_second"] =
        run_figure(rules_runs, "BM_RulesStreaming/", "calls_per_second");
    summary["rules"] = {
        {"calls_per_second", summary["rules_calls_per_second"]},
        {"calls_per_second_with_violations",
         run_figure(rules_runs, "BM_RulesStreamingWithViolations", "calls_per_second")},
        {"trace_reader_calls_per_second",
         run_figure(rules_runs, "BM_TraceReader", "calls_per_second")},
        {"streaming_memory_small", parts.value("rules_memory_small", json())},
        {"streaming_memory_large", parts.value("rules_memory_large", json())},
    };
    // The recorder.
    summary["recorder_bytes_per_call"] = take(parts, "lossless", "bytes_per_call");
    summary["recorder_lost_calls"] = take(parts, "lossless", "lost_calls");
    const auto recorder_runs = benchmark_runs(parts.value("recorder_gb", json()));
    summary["recorder"] = {
        {"bytes_per_call", summary["recorder_bytes_per_call"]},
        {"lossless_threads", take(parts, "lossless", "threads")},
        {"lossless_calls_in_trace", take(parts, "lossless", "calls_in_trace")},
        {"lost_calls", summary["recorder_lost_calls"]},
        // per recorded call: a P/Invoke round trip records three
        {"ns_per_recorded_call_1_thread",
         run_figure(recorder_runs, "BM_RecorderPInvoke/real_time/threads:1", "cpu_time", 1.0 / 3)},
        {"ns_per_recorded_call_4_threads",
         run_figure(recorder_runs, "BM_RecorderPInvoke/real_time/threads:4", "cpu_time", 1.0 / 3)},
        {"trace_bytes_per_call", take(parts, "lossless", "trace_bytes_per_call")},
        {"export_calls_per_second", take(parts, "lossless", "export_calls_per_second")},
        {"record_ns_1_thread",
         run_figure(recorder_runs, "BM_RecordingRecord/real_time/threads:1", "cpu_time")},
        {"record_ns_4_threads",
         run_figure(recorder_runs, "BM_RecordingRecord/real_time/threads:4", "cpu_time")},
        {"export_ns_per_call",
         run_figure(recorder_runs, "BM_ExportRecording/real_time", "cpu_time", 1.0 / 100000)},
    };
    // The bridge's callbacks without the runtime (CPU ns per round trip).
    const auto bridge_runs = benchmark_runs(parts.value("bridge_gb", json()));
    json& micro = summary["bridge_callbacks_ns"];
    for (const char* name : {"BM_FloorPInvoke", "BM_FloorReverse", "BM_BridgePInvoke",
                             "BM_BridgeReverse", "BM_BridgeRefPInvoke", "BM_BridgeRefReverse"})
        for (const char* threads : {"1", "4"})
            micro[std::string(name).substr(3) + "_t" + threads] =
                run_figure(bridge_runs, std::string(name) + "/threads:" + threads, "cpu_time");
}

// The transition benchmark on Mono: its headline figures as mono_<key>, over Mono's own floor.
void add_mono_figures(json& summary, const json& parts)
{
    if (!parts.contains("transitions_mono"))
        return;
    for (const char* key :
         {"bridge_over_floor", "recorder_over_floor", "threads4_max_ratio", "bridge_over_floor_cpu",
          "recorder_over_floor_cpu", "threads4_max_ratio_cpu", "bridge_over_floor_min",
          "recorder_over_floor_min", "threads4_max_ratio_min"})
        summary[std::string("mono_") + key] = take(parts, "transitions_mono", key);
    summary["mono"] = {
        {"runtime", take(parts, "transitions_mono", "runtime")},
        {"floor_minus_none_ns", take(parts, "transitions_mono", "floor_minus_none_ns")},
        {"ns", take(parts, "transitions_mono", "ns")},
        {"ratios", take(parts, "transitions_mono", "ratios")}};
}

int summary_command(const SummaryOptions& options)
{
    json summary;
    summary["smoke"] = options.smoke;
    summary["machine"] = machine_info();
    summary["machine"]["load_average_at_summary"] = load_average();
    json& parts = summary["parts"];
    for (const auto& [name, path] : options.parts) {
        std::ifstream in(path);
        if (!in)
            continue;
        parts[name] = json::parse(in, nullptr, false);
    }
    // The transition benchmark on the real runtime.
    summary["runtime"] = take(parts, "transitions", "runtime");
    for (const char* key :
         {"bridge_over_floor", "recorder_over_floor", "threads4_max_ratio", "bridge_over_floor_cpu",
          "recorder_over_floor_cpu", "threads4_max_ratio_cpu", "host_calls_floor_over_floor",
          "host_calls_floor_over_floor_cpu", "bridge_over_floor_min", "recorder_over_floor_min",
          "threads4_max_ratio_min", "host_calls_floor_over_floor_min"})
        summary[key] = take(parts, "transitions", key);
    summary["ns"] = take(parts, "transitions", "ns");
    summary["ratios"] = take(parts, "transitions", "ratios");
    summary["floor"] = take(parts, "transitions", "floor");
    add_mono_figures(summary, parts);
    add_component_figures(summary, parts);
    // Start-up and the whole suite.
    summary["startup"] = parts.value("startup", json());
    summary["startup_profiler_ms"] = take(parts, "startup", "profiler_startup_ms");
    summary["suite_wall_seconds"] =
        options.suite_seconds > 0 ? json(options.suite_seconds) : json(nullptr);
    summary["suite_ctest_exit"] =
        options.suite_exit >= 0 ? json(options.suite_exit) : json(nullptr);

    std::ofstream file(options.out);
    file << summary.dump(2) << '\n';
    if (!file) {
        fmt::print(stderr, "clrhost-bench: cannot write {}\n", options.out);
        return 2;
    }
    fmt::print("\nsummary{}: {}\n",
               options.smoke ? " (smoke: the figures are not measurements)" : "", options.out);
    for (const char* key :
         {"bridge_over_floor", "recorder_over_floor", "threads4_max_ratio", "bridge_over_floor_cpu",
          "recorder_over_floor_cpu", "threads4_max_ratio_cpu", "host_calls_floor_over_floor",
          "mono_bridge_over_floor", "mono_recorder_over_floor", "mono_threads4_max_ratio",
          "rules_calls_per_second", "recorder_bytes_per_call", "recorder_lost_calls",
          "suite_wall_seconds"})
        fmt::print("  {:<26} {}\n", key, summary.value(key, json()).dump());
    return 0;
}

} // namespace

Subcommand register_summary(CLI::App& app)
{
    auto options = std::make_shared<SummaryOptions>();
    auto part_args = std::make_shared<std::vector<std::string>>();
    auto* command = app.add_subcommand("summary", "merge the parts into one JSON");
    command->add_option("--out", options->out, "the summary file")->required();
    command->add_option("--part", *part_args, "name=file.json")->expected(0, -1);
    command->add_option("--suite-seconds", options->suite_seconds, "wall time of ctest -j2");
    command->add_option("--suite-exit", options->suite_exit, "ctest's exit code");
    command->add_flag("--smoke", options->smoke, "the parts are a smoke run's");
    return {command, [options, part_args] {
                for (const auto& part : *part_args)
                    if (const auto equals = part.find('='); equals != std::string::npos)
                        options->parts[part.substr(0, equals)] = part.substr(equals + 1);
                return summary_command(*options);
            }};
}

} // namespace clrhost::bench
