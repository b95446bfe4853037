// `transitions`: the per-call cost of every configuration (`child`), 1 and --threads threads,
// --reps processes each, and the ratios over the floor profiler; with --driver mono, the same on
// Mono, over Mono's floor (its call instrumentation with empty callbacks).
#include "conformance/bench/bench_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;

// transitions: every configuration, 1 and `threads` threads, `reps` processes each, interleaved
// so that a change in the machine's load hits every configuration alike.
struct TransitionOptions {
    int reps = 5;
    int calls = 200000;
    int inner_reps = 5;
    int threads = 4;
    std::string json_path;
    bool smoke = false;
    // An earlier build's bin folder (its clrhost-bench and bridge): its bridge and recorder
    // configurations run too, interleaved with this build's, as "<config>@base".
    std::string baseline_dir;
    // The event mask the bridge sets (transition_bridge.cpp, Initialize): a second floor runs
    // with it, and the ratios are taken against that floor, so that they measure the bridge's
    // callbacks and not what the rest of its mask costs the runtime.
    std::string bridge_mask =
        "10200A00"; // CODE_TRANSITIONS | DISABLE_INLINING | MONITOR_THREADS | ENABLE_STACK_SNAPSHOT
};

struct Variant {
    std::string name; // "bridge", "bridge@base", "floor_mask"
    std::string config;
    Paths paths;
    std::map<std::string, std::string> env;
};

std::vector<Variant> make_variants(const TransitionOptions& options, const Paths& paths,
                                   bool own_floor)
{
    std::vector<Variant> variants;
    if (paths.driver == "mono") {
        // One floor: the bridge's call filter with empty callbacks (Mono has no event mask).
        for (const char* config : kConfigs)
            variants.push_back({config, config, paths, {}});
        return variants;
    }
    for (const char* config : kConfigs) {
        if (std::string(config) == "floor") {
            variants.push_back({"floor", config, paths, {{"CLRHOST_FLOOR_PROFILER_MASK", "800"}}});
            if (own_floor)
                variants.push_back({"floor_mask",
                                    config,
                                    paths,
                                    {{"CLRHOST_FLOOR_PROFILER_MASK", options.bridge_mask}}});
            // The bridge's mask and the protocol's host calls on an empty host, nothing else:
            // the least a bridge can cost, which no bookkeeping can get under.
            variants.push_back({"floor_calls",
                                config,
                                paths,
                                {{"CLRHOST_FLOOR_PROFILER_MASK", options.bridge_mask},
                                 {"CLRHOST_FLOOR_PROFILER_HOST_CALLS", "1"}}});
            continue;
        }
        variants.push_back({config, config, paths, {}});
        if (!options.baseline_dir.empty() && std::string(config) != "none") {
            auto base = paths;
            base.child = (fs::path(options.baseline_dir) / "clrhost-bench").string();
            base.bridge = (fs::path(options.baseline_dir) / "libclrhost_bridge.so").string();
            variants.push_back({std::string(config) + "@base", config, base, {}});
        }
    }
    return variants;
}

// figure ("pinvoke", "reverse", "pinvoke_cpu", "reverse_cpu") -> "<config>_t<threads>" ->
// samples
using Samples = std::map<std::string, std::map<std::string, std::vector<double>>>;

struct Measured {
    Samples samples;
    std::map<std::string, std::vector<double>> trace_bytes_per_call;
    std::string runtime;
    int failures = 0;
};

// One child process of the variant; false when it could not run.
bool measure_once(const TransitionOptions& options, const Paths& paths, const Variant& variant,
                  int threads, int rep, Measured& measured)
{
    const auto& config = variant.config;
    const auto key = fmt::format("{}_t{}", variant.name, threads);
    const std::string trace = config == "recorder" ? trace_path_for(paths, key) : "";
    const std::vector<std::string> app_args{"--calls",   std::to_string(options.calls),
                                            "--threads", std::to_string(threads),
                                            "--reps",    std::to_string(options.inner_reps)};
    const auto run = run_process(child_argv(config, variant.paths, trace, paths.app, app_args),
                                 variant.env, std::chrono::seconds(600));
    const auto parsed = run.ok() ? parse_loop_output(run.output) : std::nullopt;
    if (!parsed) {
        fmt::print(stderr, "clrhost-bench: configuration {} could not run ({}):\n{}\n", key,
                   run.describe_end(), run.output);
        if (!trace.empty())
            fs::remove(trace);
        return false;
    }
    if (const auto least = least_host_calls(*parsed, threads);
        parsed->host_calls && *parsed->host_calls < least) {
        fmt::print(stderr,
                   "clrhost-bench: configuration {} lost calls: {} host calls where the app's "
                   "round trips make at least {}\n{}\n",
                   key, *parsed->host_calls, least, run.output);
        if (!trace.empty())
            fs::remove(trace);
        return false;
    }
    if (!parsed->runtime.empty())
        measured.runtime = parsed->runtime;
    measured.samples["pinvoke"][key].push_back(parsed->pinvoke_ns);
    measured.samples["reverse"][key].push_back(parsed->reverse_ns);
    measured.samples["pinvoke_cpu"][key].push_back(parsed->pinvoke_cpu_ns);
    measured.samples["reverse_cpu"][key].push_back(parsed->reverse_cpu_ns);
    if (!trace.empty()) {
        std::error_code error;
        const auto size = fs::file_size(trace, error);
        if (!error && parsed->calls_recorded)
            measured.trace_bytes_per_call[key].push_back(static_cast<double>(size) /
                                                         parsed->calls_recorded);
        fs::remove(trace);
    }
    fmt::print(stderr,
               "  {:<12} rep {}: P/Invoke {:8.1f} ns ({:8.1f} cpu)  reverse {:8.1f} "
               "ns ({:8.1f} cpu)\n",
               key, rep + 1, parsed->pinvoke_ns, parsed->pinvoke_cpu_ns, parsed->reverse_ns,
               parsed->reverse_cpu_ns);
    return true;
}

// Interleaved: a change in the machine's load hits every configuration alike.
Measured measure(const TransitionOptions& options, const Paths& paths,
                 const std::vector<Variant>& variants, const std::vector<int>& thread_counts)
{
    Measured measured;
    for (int rep = 0; rep < options.reps; ++rep)
        for (const int threads : thread_counts)
            for (const auto& variant : variants)
                if (!measure_once(options, paths, variant, threads, rep, measured))
                    ++measured.failures;
    return measured;
}

json nanoseconds(const Samples& samples)
{
    json ns;
    for (const auto& [figure, per_key] : samples)
        for (const auto& [key, values] : per_key) {
            ns[key][figure] = median(values);
            // Interference (the host's other work, on a shared VM) only adds time: the fastest
            // process is the other honest estimate, and ratios of both are reported.
            ns[key][figure + "_min"] = *std::min_element(values.begin(), values.end());
            ns[key][figure + "_samples"] = values;
        }
    return ns;
}

double ratio(const json& ns, const std::string& over, const std::string& under, const char* kind)
{
    if (!ns.contains(over) || !ns.contains(under))
        return NAN;
    return ns[over][kind].get<double>() / ns[under][kind].get<double>();
}

void add_ratios(json& result, const TransitionOptions& options, const std::string& floor)
{
    const json& ns = result["ns"];
    json& ratios = result["ratios"];
    const auto t = std::to_string(options.threads);
    for (const char* kind : {"pinvoke", "reverse", "pinvoke_cpu", "reverse_cpu"}) {
        ratios["floor_over_none"][kind] = ratio(ns, "floor_t1", "none_t1", kind);
        ratios["floor_mask_over_floor"][kind] = ratio(ns, "floor_mask_t1", "floor_t1", kind);
        ratios["bridge_over_floor"][kind] = ratio(ns, "bridge_t1", floor + "_t1", kind);
        ratios["recorder_over_floor"][kind] = ratio(ns, "recorder_t1", floor + "_t1", kind);
        ratios["bridge_over_floor_t" + t][kind] = ratio(ns, "bridge_t" + t, floor + "_t" + t, kind);
        ratios["recorder_over_floor_t" + t][kind] =
            ratio(ns, "recorder_t" + t, floor + "_t" + t, kind);
        ratios["bridge_over_transitions_only_floor"][kind] =
            ratio(ns, "bridge_t1", "floor_t1", kind);
        ratios["host_calls_floor_over_floor"][kind] =
            ratio(ns, "floor_calls_t1", floor + "_t1", kind);
        ratios["bridge_over_host_calls_floor"][kind] =
            ratio(ns, "bridge_t1", "floor_calls_t1", kind);
        ratios["bridge_base_over_floor"][kind] = ratio(ns, "bridge@base_t1", floor + "_t1", kind);
        ratios["recorder_base_over_floor"][kind] =
            ratio(ns, "recorder@base_t1", floor + "_t1", kind);
    }
    // The headline figures: the worse of P/Invoke and reverse, on wall time (and on CPU time).
    auto worst = [](const json& ratio, const std::string& suffix) -> double {
        const double a = ratio["pinvoke" + suffix].get<double>();
        const double b = ratio["reverse" + suffix].get<double>();
        return std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b);
    };
    for (const char* kind : {"pinvoke_min", "reverse_min"}) {
        ratios["host_calls_floor_over_floor"][kind] =
            ratio(ns, "floor_calls_t1", floor + "_t1", kind);
        ratios["bridge_over_floor"][kind] = ratio(ns, "bridge_t1", floor + "_t1", kind);
        ratios["recorder_over_floor"][kind] = ratio(ns, "recorder_t1", floor + "_t1", kind);
        ratios["bridge_over_floor_t" + t][kind] = ratio(ns, "bridge_t" + t, floor + "_t" + t, kind);
        ratios["recorder_over_floor_t" + t][kind] =
            ratio(ns, "recorder_t" + t, floor + "_t" + t, kind);
    }
    for (const std::string suffix : {"", "_cpu", "_min"}) {
        result["host_calls_floor_over_floor" + suffix] =
            worst(ratios["host_calls_floor_over_floor"], suffix);
        result["bridge_over_floor" + suffix] = worst(ratios["bridge_over_floor"], suffix);
        result["recorder_over_floor" + suffix] = worst(ratios["recorder_over_floor"], suffix);
        result["threads4_max_ratio" + suffix] =
            std::max(worst(ratios["bridge_over_floor_t" + t], suffix),
                     worst(ratios["recorder_over_floor_t" + t], suffix));
    }
}

void print_table(const json& result, const TransitionOptions& options,
                 const std::vector<Variant>& variants, const std::vector<int>& thread_counts,
                 bool own_floor)
{
    const json& ns = result["ns"];
    const auto floor = result["floor"].get<std::string>();
    const bool mono = result["driver"] == "mono";
    if (mono)
        fmt::print("ratios against floor (Mono's call instrumentation, empty callbacks)\n");
    else
        fmt::print("ratios against {} (event mask 0x{})\n", floor,
                   own_floor ? options.bridge_mask : std::string("800"));
    fmt::print("{:<30} {:>11} {:>11} {:>9} {:>9}  {:>9} {:>9} {:>8} {:>8}\n", "configuration",
               "P/Invoke ns", "reverse ns", "P/I /fl", "rev /fl", "P/I cpu", "rev cpu", "cpu /fl",
               "cpu /fl");
    const std::map<std::string, std::string> labels{
        {"none", "(a) no profiler"},
        {"floor", mono ? "(b) instrumentation only" : "(b) floor profiler"},
        {"floor_mask", "(b') floor, bridge's mask"},
        {"floor_calls", "(b'') b' + host calls only"},
        {"bridge", "(c) bridge + reference"},
        {"recorder", "(d) bridge+recorder+ref"}};
    for (const int threads : thread_counts)
        for (const auto& variant : variants) {
            const auto key = fmt::format("{}_t{}", variant.name, threads);
            if (!ns.contains(key))
                continue;
            const auto floor_key = fmt::format("{}_t{}", floor, threads);
            fmt::print(
                "{:<30} {:>11.1f} {:>11.1f} {:>9.2f} {:>9.2f}  {:>9.1f} {:>9.1f} {:>8.2f} "
                "{:>8.2f}\n",
                fmt::format("{}{}, {}T", labels.at(variant.name.substr(0, variant.name.find('@'))),
                            variant.name.ends_with("@base") ? " BASE" : "", threads),
                ns[key]["pinvoke"].get<double>(), ns[key]["reverse"].get<double>(),
                ratio(ns, key, floor_key, "pinvoke"), ratio(ns, key, floor_key, "reverse"),
                ns[key]["pinvoke_cpu"].get<double>(), ns[key]["reverse_cpu"].get<double>(),
                ratio(ns, key, floor_key, "pinvoke_cpu"), ratio(ns, key, floor_key, "reverse_cpu"));
        }
    for (const std::string suffix : {"", "_cpu", "_min"})
        fmt::print("{}: bridge/floor {:.2f} (goal <= 1.10)  recorder/floor {:.2f} (goal <= 1.25)  "
                   "{} threads max {:.2f} (goal <= 1.5)\n",
                   suffix.empty()     ? "wall, median"
                   : suffix == "_cpu" ? "cpu, median "
                                      : "wall, fastest",
                   result["bridge_over_floor" + suffix].get<double>(),
                   result["recorder_over_floor" + suffix].get<double>(), options.threads,
                   result["threads4_max_ratio" + suffix].get<double>());
}

int transitions_command(TransitionOptions options, const Paths& paths)
{
    if (options.smoke) {
        options.reps = 1;
        options.calls = 20000;
        options.inner_reps = 1;
    }
    if (!driver_available(paths))
        return 2;
    if (paths.driver == "mono" && !options.baseline_dir.empty()) {
        fmt::print(stderr, "clrhost-bench: --baseline measures an earlier coreclr bridge; leave it "
                           "out with --driver mono\n");
        return 2;
    }
    const std::vector<int> thread_counts{1, options.threads};
    const bool own_floor =
        paths.driver != "mono" && std::strtoul(options.bridge_mask.c_str(), nullptr, 16) != 0x800;
    const auto variants = make_variants(options, paths, own_floor);
    const std::string floor = own_floor ? "floor_mask" : "floor"; // what the ratios divide by
    const double load_before = load_average();
    const auto measured = measure(options, paths, variants, thread_counts);

    json result;
    result["driver"] = paths.driver;
    result["machine"] = machine_info();
    result["runtime"] = measured.runtime;
    result["load_average_before"] = load_before;
    result["load_average_after"] = load_average();
    result["calls_per_loop"] = options.calls;
    result["process_repetitions"] = options.reps;
    result["inner_repetitions"] = options.inner_reps;
    result["threads"] = options.threads;
    result["ns"] = nanoseconds(measured.samples);
    // What the floor's instrumentation itself adds to a round trip, on one thread.
    for (const char* kind : {"pinvoke", "reverse"})
        if (result["ns"].contains("floor_t1") && result["ns"].contains("none_t1"))
            result["floor_minus_none_ns"][kind] = result["ns"]["floor_t1"][kind].get<double>() -
                                                  result["ns"]["none_t1"][kind].get<double>();
    for (const auto& [key, samples] : measured.trace_bytes_per_call)
        result["trace_bytes_per_call"][key] = median(samples);
    result["floor"] = floor;
    if (paths.driver != "mono")
        result["bridge_mask"] = "0x" + options.bridge_mask;
    add_ratios(result, options, floor);
    result["failures"] = measured.failures;

    fmt::print("\ntransition cost per round trip (median of {} processes x median of {} loops of "
               "{} calls; load {:.1f} -> {:.1f}), runtime {}\n",
               options.reps, options.inner_reps, options.calls, load_before, load_average(),
               measured.runtime);
    print_table(result, options, variants, thread_counts, own_floor);
    write_json(options.json_path, result);
    if (measured.failures) {
        fmt::print(stderr, "clrhost-bench: {} configuration run(s) failed\n", measured.failures);
        return 1;
    }
    return 0;
}

} // namespace

Subcommand register_transitions(CLI::App& app)
{
    auto options = std::make_shared<TransitionOptions>();
    auto paths = std::make_shared<Paths>();
    auto* command =
        app.add_subcommand("transitions", "per-call cost of every configuration, ratios");
    command->add_option("--reps", options->reps, "processes per configuration")
        ->capture_default_str();
    command->add_option("--calls", options->calls, "round trips per timed loop")
        ->capture_default_str();
    command->add_option("--inner-reps", options->inner_reps, "timed loops per process")
        ->capture_default_str();
    command->add_option("--threads", options->threads, "threads of (e)")->capture_default_str();
    command->add_option("--json", options->json_path, "write the results here");
    command->add_flag("--smoke", options->smoke, "one short run of each configuration");
    command->add_option("--baseline", options->baseline_dir,
                        "an earlier build's bin folder, measured alongside");
    command
        ->add_option("--bridge-mask", options->bridge_mask,
                     "the bridge's event mask (hex): the floor the ratios use")
        ->capture_default_str();
    add_path_options(*command, *paths);
    add_driver_option(*command, *paths);
    return {command, [options, paths] { return transitions_command(*options, *paths); }};
}

} // namespace clrhost::bench
