// clrhost-bench: what the transition bridge and the recorder cost on the real runtime, against
// the runtime's own transition cost (docs/PERFORMANCE.md). One runtime per process, so every
// configuration runs the bench-loops app (managed-testapps/bench-loops) in a child process:
//
//   none      no profiler: the runtime's own P/Invoke and reverse P/Invoke
//   floor     the floor profiler: COR_PRF_MONITOR_CODE_TRANSITIONS, empty callbacks
//             (fixtures/floor-profiler), the least any transition-based driver can cost
//   bridge    the transition bridge calling the reference host
//   recorder  the bridge, the recorder (trace file) and the reference host: a scenario process
//
// Subcommands: transitions (per-call ns of every configuration, 1 and 4 threads, ratios over the
// floor), startup (a process's start-up with and without the profiler), lossless (4 threads x N
// P/Invoke round trips through the recorder: every call in the trace, bytes per call), summary
// (merges the parts into ci/bench.sh's JSON), child (internal: one configuration in-process).
#include "conformance/bench/bench_process.h"

#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_input.h"
#include "fixtures/driver/coreclr_driver.h"
#include "fixtures/floor-profiler/floor_profiler.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/reference-host/reference_host.h"
#include "fixtures/runner/scenario_runner.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <hostfxr.h>
#include <nethost.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<const char*, 4> kConfigs{"none", "floor", "bridge", "recorder"};

struct Paths {
    std::string child = (std::filesystem::path(executable_dir()) / "clrhost-bench").string();
    std::string app;
    std::string dotnet_root;
    std::string bridge;
    std::string floor;
    std::string trace_dir = fs::temp_directory_path().string();
};

void add_path_options(CLI::App& command, Paths& paths)
{
    const fs::path bin(executable_dir());
    paths.app =
        (bin.parent_path() / "managed-testapps" / "bench-loops" / "BenchLoopsCs.dll").string();
    paths.bridge = (bin / "libclrhost_bridge.so").string();
    paths.floor = (bin / "libclrhost_floor_profiler.so").string();
    command.add_option("--app", paths.app, "the managed app a child runs")->capture_default_str();
    command.add_option("--dotnet-root", paths.dotnet_root, "the .NET install (default: nethost's)");
    command.add_option("--bridge", paths.bridge, "the transition bridge")->capture_default_str();
    command.add_option("--floor", paths.floor, "the floor profiler")->capture_default_str();
    command.add_option("--trace-dir", paths.trace_dir, "folder for the recorder's traces")
        ->capture_default_str();
}

[[noreturn]] void leave(int code)
{
    std::fflush(nullptr);
    ::_exit(code); // runtime threads may still run: no exit-time destructors
}

// ---------------------------------------------------------------------------------------------
// child: one configuration in this process

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

int child_command(const std::string& config, const Paths& paths, const std::string& trace,
                  const std::vector<std::string>& app_args)
{
    try {
        if (config == "none" || config == "floor") {
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
        auto host = make_com<reference::ReferenceHost>();
        if (config == "bridge") {
            driver::CoreclrDriver coreclr(paths.dotnet_root, paths.bridge);
            const auto runtime = coreclr.load_app(paths.app, app_args);
            const auto run = coreclr.run_app(*host);
            coreclr.uninstall();
            if (!run.bridge_attached) {
                fmt::print(stderr, "bench-child: the runtime did not load the bridge\n");
                leave(4);
            }
            fmt::print("bench-child: config=bridge exit={} runtime={}\n", run.exit_code, runtime);
            leave(run.exit_code);
        }
        if (config == "recorder") {
            // A scenario process: the runner's driver, recording and recorder, as `run-one` runs
            // it (the trace is exported after the app's timed loops).
            scenario::Scenario scenario;
            scenario.name = "bench-loops";
            scenario.language = "cs";
            scenario.dir = fs::path(paths.app).parent_path();
            scenario.entry = fs::path(paths.app).filename().string();
            scenario.args = app_args;
            runner::RunSettings settings;
            settings.dotnet_root = paths.dotnet_root;
            settings.bridge_path = paths.bridge;
            const auto result = runner::run_scenario(scenario, *host, "reference", trace, settings);
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
        fmt::print(stderr, "bench-child: unknown configuration {}\n", config);
        leave(2);
    } catch (const std::exception& error) {
        fmt::print(stderr, "bench-child: {}\n", error.what());
        leave(2);
    }
}

// ---------------------------------------------------------------------------------------------
// The parent side

struct LoopResult {
    double pinvoke_ns = NAN; // wall time per round trip, as each thread sees it
    double reverse_ns = NAN;
    double pinvoke_cpu_ns = NAN; // process CPU time per round trip made
    double reverse_cpu_ns = NAN;
    std::uint64_t per_thread_pinvoke = 0;
    std::uint64_t per_thread_reverse = 0;
    std::uint64_t calls_recorded = 0;
    std::uint64_t recording_bytes = 0;
    double export_seconds = NAN;
    std::string runtime;
};

std::optional<LoopResult> parse_loop_output(const std::string& output)
{
    static const std::regex timing(
        R"(bench-loops: threads=\d+ calls=\d+ reps=\d+ pinvoke_ns=(\S+) reverse_ns=(\S+) pinvoke_cpu_ns=(\S+) reverse_cpu_ns=(\S+))");
    static const std::regex made(
        R"(bench-loops: made pinvoke=\d+ reverse=\d+ per_thread_pinvoke=(\d+) per_thread_reverse=(\d+))");
    static const std::regex child(
        R"(bench-child: config=\S+ exit=0(?: runtime=(\S+))?(?: calls_recorded=(\d+)(?: recording_bytes=(\d+) export_seconds=(\S+))?)?)");
    std::smatch match;
    LoopResult result;
    if (!std::regex_search(output, match, timing))
        return std::nullopt;
    auto number = [](const std::string& text) -> double {
        return text == "NaN" ? NAN : std::stod(text);
    };
    result.pinvoke_ns = number(match[1]);
    result.reverse_ns = number(match[2]);
    result.pinvoke_cpu_ns = number(match[3]);
    result.reverse_cpu_ns = number(match[4]);
    if (std::regex_search(output, match, made)) {
        result.per_thread_pinvoke = std::stoull(match[1]);
        result.per_thread_reverse = std::stoull(match[2]);
    }
    if (!std::regex_search(output, match, child))
        return std::nullopt;
    if (match[1].matched)
        result.runtime = match[1];
    if (match[2].matched) {
        result.calls_recorded = std::stoull(match[2]);
        if (match[3].matched) { // an earlier build (--baseline) says less
            result.recording_bytes = std::stoull(match[3]);
            result.export_seconds = std::stod(match[4]);
        }
    }
    return result;
}

std::vector<std::string> child_argv(const std::string& config, const Paths& paths,
                                    const std::string& trace, const std::string& app,
                                    const std::vector<std::string>& app_args)
{
    std::vector<std::string> argv{paths.child, "child",    "--config",   config,    "--app",
                                  app,         "--bridge", paths.bridge, "--floor", paths.floor};
    if (!paths.dotnet_root.empty()) {
        argv.push_back("--dotnet-root");
        argv.push_back(paths.dotnet_root);
    }
    if (!trace.empty()) {
        argv.push_back("--trace");
        argv.push_back(trace);
    }
    argv.push_back("--");
    argv.insert(argv.end(), app_args.begin(), app_args.end());
    return argv;
}

std::string trace_path_for(const Paths& paths, const std::string& what)
{
    return (fs::path(paths.trace_dir) / fmt::format("clrhost-bench-{}-{}.jsonl", ::getpid(), what))
        .string();
}

double median(std::vector<double> values)
{
    std::erase_if(values, [](double v) { return std::isnan(v); });
    if (values.empty())
        return NAN;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

json machine_info()
{
    json machine;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.starts_with("model name")) {
            machine["cpu"] = line.substr(line.find(':') + 2);
            break;
        }
    machine["cores"] = std::thread::hardware_concurrency();
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);)
        if (line.starts_with("MemTotal:")) {
            std::istringstream in(line.substr(9));
            double kb = 0;
            in >> kb;
            machine["memory_gib"] = std::round(kb / 1024 / 1024 * 10) / 10;
            break;
        }
    utsname name{};
    if (::uname(&name) == 0)
        machine["kernel"] = fmt::format("{} {}", name.sysname, name.release);
    return machine;
}

double load_average()
{
    std::ifstream in("/proc/loadavg");
    double load = NAN;
    in >> load;
    return load;
}

void write_json(const std::string& path, const json& value)
{
    if (path.empty())
        return;
    std::ofstream out(path);
    out << value.dump(2) << '\n';
    if (!out)
        throw std::runtime_error(fmt::format("cannot write {}", path));
}

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

int transitions_command(TransitionOptions options, const Paths& paths)
{
    if (options.smoke) {
        options.reps = 1;
        options.calls = 20000;
        options.inner_reps = 1;
    }
    const std::vector<int> thread_counts{1, options.threads};
    struct Variant {
        std::string name; // "bridge", "bridge@base", "floor_mask"
        std::string config;
        Paths paths;
        std::map<std::string, std::string> env;
    };
    const bool own_floor = std::strtoul(options.bridge_mask.c_str(), nullptr, 16) != 0x800;
    std::vector<Variant> variants;
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
    const std::string floor = own_floor ? "floor_mask" : "floor"; // what the ratios divide by
    // figure ("pinvoke", "reverse", "pinvoke_cpu", "reverse_cpu") -> "<config>_t<threads>" ->
    // samples
    std::map<std::string, std::map<std::string, std::vector<double>>> samples;
    std::map<std::string, std::vector<double>> trace_bytes_per_call;
    std::string runtime;
    const double load_before = load_average();
    int failures = 0;
    for (int rep = 0; rep < options.reps; ++rep) {
        for (const int threads : thread_counts) {
            for (const auto& variant : variants) {
                const auto& config = variant.config;
                const auto key = fmt::format("{}_t{}", variant.name, threads);
                const std::string trace = config == "recorder" ? trace_path_for(paths, key) : "";
                const std::vector<std::string> app_args{
                    "--calls",   std::to_string(options.calls),
                    "--threads", std::to_string(threads),
                    "--reps",    std::to_string(options.inner_reps)};
                const auto run =
                    run_process(child_argv(config, variant.paths, trace, paths.app, app_args),
                                variant.env, std::chrono::seconds(600));
                const auto parsed = run.ok() ? parse_loop_output(run.output) : std::nullopt;
                if (!parsed) {
                    fmt::print(stderr, "clrhost-bench: configuration {} could not run ({}):\n{}\n",
                               key, run.describe_end(), run.output);
                    ++failures;
                    if (!trace.empty())
                        fs::remove(trace);
                    continue;
                }
                if (!parsed->runtime.empty())
                    runtime = parsed->runtime;
                samples["pinvoke"][key].push_back(parsed->pinvoke_ns);
                samples["reverse"][key].push_back(parsed->reverse_ns);
                samples["pinvoke_cpu"][key].push_back(parsed->pinvoke_cpu_ns);
                samples["reverse_cpu"][key].push_back(parsed->reverse_cpu_ns);
                if (!trace.empty()) {
                    std::error_code error;
                    const auto size = fs::file_size(trace, error);
                    if (!error && parsed->calls_recorded)
                        trace_bytes_per_call[key].push_back(static_cast<double>(size) /
                                                            parsed->calls_recorded);
                    fs::remove(trace);
                }
                fmt::print(stderr,
                           "  {:<12} rep {}: P/Invoke {:8.1f} ns ({:8.1f} cpu)  reverse {:8.1f} "
                           "ns ({:8.1f} cpu)\n",
                           key, rep + 1, parsed->pinvoke_ns, parsed->pinvoke_cpu_ns,
                           parsed->reverse_ns, parsed->reverse_cpu_ns);
            }
        }
    }

    json result;
    result["machine"] = machine_info();
    result["runtime"] = runtime;
    result["load_average_before"] = load_before;
    result["load_average_after"] = load_average();
    result["calls_per_loop"] = options.calls;
    result["process_repetitions"] = options.reps;
    result["inner_repetitions"] = options.inner_reps;
    result["threads"] = options.threads;
    json& ns = result["ns"];
    for (const auto& [figure, per_key] : samples)
        for (const auto& [key, values] : per_key) {
            ns[key][figure] = median(values);
            // Interference (the host's other work, on a shared VM) only adds time: the fastest
            // process is the other honest estimate, and ratios of both are reported.
            ns[key][figure + "_min"] = *std::min_element(values.begin(), values.end());
            ns[key][figure + "_samples"] = values;
        }
    for (const auto& [key, samples] : trace_bytes_per_call)
        result["trace_bytes_per_call"][key] = median(samples);

    auto ratio = [&](const std::string& over, const std::string& under,
                     const char* kind) -> double {
        if (!ns.contains(over) || !ns.contains(under))
            return NAN;
        return ns[over][kind].get<double>() / ns[under][kind].get<double>();
    };
    json& ratios = result["ratios"];
    const auto t = std::to_string(options.threads);
    result["floor"] = floor;
    result["bridge_mask"] = "0x" + options.bridge_mask;
    for (const char* kind : {"pinvoke", "reverse", "pinvoke_cpu", "reverse_cpu"}) {
        ratios["floor_over_none"][kind] = ratio("floor_t1", "none_t1", kind);
        ratios["floor_mask_over_floor"][kind] = ratio("floor_mask_t1", "floor_t1", kind);
        ratios["bridge_over_floor"][kind] = ratio("bridge_t1", floor + "_t1", kind);
        ratios["recorder_over_floor"][kind] = ratio("recorder_t1", floor + "_t1", kind);
        ratios["bridge_over_floor_t" + t][kind] = ratio("bridge_t" + t, floor + "_t" + t, kind);
        ratios["recorder_over_floor_t" + t][kind] = ratio("recorder_t" + t, floor + "_t" + t, kind);
        ratios["bridge_over_transitions_only_floor"][kind] = ratio("bridge_t1", "floor_t1", kind);
        ratios["host_calls_floor_over_floor"][kind] = ratio("floor_calls_t1", floor + "_t1", kind);
        ratios["bridge_over_host_calls_floor"][kind] = ratio("bridge_t1", "floor_calls_t1", kind);
        ratios["bridge_base_over_floor"][kind] = ratio("bridge@base_t1", floor + "_t1", kind);
        ratios["recorder_base_over_floor"][kind] = ratio("recorder@base_t1", floor + "_t1", kind);
    }
    // The headline figures: the worse of P/Invoke and reverse, on wall time (and on CPU time).
    auto worst = [](const json& ratio, const std::string& suffix) -> double {
        const double a = ratio["pinvoke" + suffix].get<double>();
        const double b = ratio["reverse" + suffix].get<double>();
        return std::isnan(a) ? b : std::isnan(b) ? a : std::max(a, b);
    };
    for (const char* kind : {"pinvoke_min", "reverse_min"}) {
        ratios["host_calls_floor_over_floor"][kind] = ratio("floor_calls_t1", floor + "_t1", kind);
        ratios["bridge_over_floor"][kind] = ratio("bridge_t1", floor + "_t1", kind);
        ratios["recorder_over_floor"][kind] = ratio("recorder_t1", floor + "_t1", kind);
        ratios["bridge_over_floor_t" + t][kind] = ratio("bridge_t" + t, floor + "_t" + t, kind);
        ratios["recorder_over_floor_t" + t][kind] = ratio("recorder_t" + t, floor + "_t" + t, kind);
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
    result["failures"] = failures;

    fmt::print("\ntransition cost per round trip (median of {} processes x median of {} loops of "
               "{} calls; load {:.1f} -> {:.1f}), runtime {}\n",
               options.reps, options.inner_reps, options.calls, load_before, load_average(),
               runtime);
    fmt::print("ratios against {} (event mask 0x{})\n", floor,
               own_floor ? options.bridge_mask : std::string("800"));
    fmt::print("{:<30} {:>11} {:>11} {:>9} {:>9}  {:>9} {:>9} {:>8} {:>8}\n", "configuration",
               "P/Invoke ns", "reverse ns", "P/I /fl", "rev /fl", "P/I cpu", "rev cpu", "cpu /fl",
               "cpu /fl");
    const std::map<std::string, std::string> labels{{"none", "(a) no profiler"},
                                                    {"floor", "(b) floor profiler"},
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
            fmt::print("{:<30} {:>11.1f} {:>11.1f} {:>9.2f} {:>9.2f}  {:>9.1f} {:>9.1f} {:>8.2f} "
                       "{:>8.2f}\n",
                       fmt::format("{}{}, {}T",
                                   labels.at(variant.name.substr(0, variant.name.find('@'))),
                                   variant.name.ends_with("@base") ? " BASE" : "", threads),
                       ns[key]["pinvoke"].get<double>(), ns[key]["reverse"].get<double>(),
                       ratio(key, floor_key, "pinvoke"), ratio(key, floor_key, "reverse"),
                       ns[key]["pinvoke_cpu"].get<double>(), ns[key]["reverse_cpu"].get<double>(),
                       ratio(key, floor_key, "pinvoke_cpu"), ratio(key, floor_key, "reverse_cpu"));
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
    write_json(options.json_path, result);
    if (failures) {
        fmt::print(stderr, "clrhost-bench: {} configuration run(s) failed\n", failures);
        return 1;
    }
    return 0;
}

// startup: a process that runs an app which does (almost) nothing, per configuration; and a
// scenario app (doc-table) with and without the profiler. What the profiler's mask costs at
// start-up: no ReadyToRun code, every method JIT-compiled.
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

// lossless: T threads x N P/Invoke round trips through the recorder, then every line of the
// trace read back: seq 0.. without a gap, every thread's CallNeedsHostHook, LeaveRuntime and
// EnterRuntime of bench_noop as many times as the app made the call, no rule broken.
struct LosslessOptions {
    int threads = 4;
    int calls = 1000000;
    std::string json_path;
    bool keep_trace = false;
};

int lossless_command(const LosslessOptions& options, const Paths& paths)
{
    const auto trace = trace_path_for(paths, "lossless");
    const std::vector<std::string> app_args{"--calls",   std::to_string(options.calls),
                                            "--threads", std::to_string(options.threads),
                                            "--reps",    "1",
                                            "--mode",    "pinvoke"};
    const auto run = run_process(child_argv("recorder", paths, trace, paths.app, app_args), {},
                                 std::chrono::seconds(1800));
    const auto parsed = run.ok() ? parse_loop_output(run.output) : std::nullopt;
    if (!parsed) {
        fmt::print(stderr, "clrhost-bench: the recorder run could not run ({}):\n{}\n",
                   run.describe_end(), run.output);
        fs::remove(trace);
        return 1;
    }
    std::error_code error;
    const auto file_size = fs::file_size(trace, error);
    std::vector<std::string> problems;
    std::uint64_t lines = 0;
    std::map<std::int64_t, std::array<std::uint64_t, 3>> per_thread; // CNHH, Leave, Enter
    rules::RulesEngine engine;
    const auto read_start = std::chrono::steady_clock::now();
    try {
        const auto input = trace::open_trace(trace);
        while (auto call = input->next()) {
            if (call->seq != lines && problems.size() < 10)
                problems.push_back(
                    fmt::format("line {}: seq {} where {} was due", lines + 2, call->seq, lines));
            ++lines;
            engine.check(*call);
            if (call->symbol == "bench_noop") {
                auto& counts = per_thread[call->tid];
                if (call->call == HostCall::CallNeedsHostHook)
                    ++counts[0];
                else if (call->call == HostCall::LeaveRuntime)
                    ++counts[1];
                else if (call->call == HostCall::EnterRuntime)
                    ++counts[2];
            }
        }
    } catch (const std::exception& failure) {
        problems.push_back(fmt::format("unreadable trace: {}", failure.what()));
    }
    engine.finish();
    const double read_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
    if (!options.keep_trace)
        fs::remove(trace);

    if (lines != parsed->calls_recorded)
        problems.push_back(fmt::format("the recorder counted {} calls, the trace holds {}",
                                       parsed->calls_recorded, lines));
    if (per_thread.size() != static_cast<std::size_t>(options.threads))
        problems.push_back(fmt::format("bench_noop came on {} threads, not {}", per_thread.size(),
                                       options.threads));
    for (const auto& [tid, counts] : per_thread)
        for (std::size_t kind = 0; kind < counts.size(); ++kind)
            if (counts[kind] != parsed->per_thread_pinvoke)
                problems.push_back(fmt::format(
                    "thread {}: {} {} of bench_noop in the trace, the app made {}", tid,
                    counts[kind],
                    std::array{"CallNeedsHostHook", "LeaveRuntime", "EnterRuntime"}[kind],
                    parsed->per_thread_pinvoke));
    if (engine.violation_count())
        problems.push_back(fmt::format("{} rule violation(s), first: {} {}",
                                       engine.violation_count(), engine.violations().front().rule,
                                       engine.violations().front().message));

    json result;
    result["threads"] = options.threads;
    result["round_trips_per_thread"] = parsed->per_thread_pinvoke;
    result["calls_in_trace"] = lines;
    result["recording_bytes"] = parsed->recording_bytes;
    result["bytes_per_call"] = lines ? static_cast<double>(parsed->recording_bytes) / lines : NAN;
    result["trace_bytes"] = file_size;
    result["trace_bytes_per_call"] = lines ? static_cast<double>(file_size) / lines : NAN;
    result["export_seconds"] = parsed->export_seconds;
    result["export_calls_per_second"] = lines / parsed->export_seconds;
    result["pinvoke_ns"] = parsed->pinvoke_ns;
    result["read_and_check_seconds"] = read_seconds;
    result["read_and_check_calls_per_second"] = lines / read_seconds;
    result["lost_calls"] = problems.empty() ? 0 : -1;
    result["problems"] = problems;
    fmt::print("\nrecorder, {} threads x {} P/Invoke round trips: {} calls, {} ns per round "
               "trip; recording {:.1f} MB ({:.1f} bytes per call), exported after the run in "
               "{:.1f} s ({:.2f} M calls/s) to a trace of {:.1f} MB ({:.1f} bytes per call); read "
               "back and checked at {:.2f} M calls/s\n",
               options.threads, parsed->per_thread_pinvoke, lines, parsed->pinvoke_ns,
               parsed->recording_bytes / 1e6, result["bytes_per_call"].get<double>(),
               parsed->export_seconds, lines / parsed->export_seconds / 1e6, file_size / 1e6,
               result["trace_bytes_per_call"].get<double>(), lines / read_seconds / 1e6);
    for (const auto& problem : problems)
        fmt::print("  LOST/WRONG: {}\n", problem);
    fmt::print("{}\n", problems.empty() ? "no call lost" : "calls lost or wrong");
    write_json(options.json_path, result);
    return problems.empty() ? 0 : 1;
}

// summary: the parts ci/bench.sh collected, merged into one JSON with the headline figures.
// Parts: transitions, startup, lossless (this program's JSON), rules_memory_small and
// rules_memory_large (clrhost_bench_rules --memory-calls), rules_gb, recorder_gb and bridge_gb
// (Google Benchmark's JSON output).
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
    auto take = [&](const char* part, const char* key) -> json {
        return parts.contains(part) && parts[part].is_object() && parts[part].contains(key)
                   ? parts[part][key]
                   : json(nullptr);
    };
    // The transition benchmark on the real runtime.
    summary["runtime"] = take("transitions", "runtime");
    for (const char* key :
         {"bridge_over_floor", "recorder_over_floor", "threads4_max_ratio", "bridge_over_floor_cpu",
          "recorder_over_floor_cpu", "threads4_max_ratio_cpu", "host_calls_floor_over_floor",
          "host_calls_floor_over_floor_cpu", "bridge_over_floor_min", "recorder_over_floor_min",
          "threads4_max_ratio_min", "host_calls_floor_over_floor_min"})
        summary[key] = take("transitions", key);
    summary["ns"] = take("transitions", "ns");
    summary["ratios"] = take("transitions", "ratios");
    summary["floor"] = take("transitions", "floor");
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
    summary["recorder_bytes_per_call"] = take("lossless", "bytes_per_call");
    summary["recorder_lost_calls"] = take("lossless", "lost_calls");
    const auto recorder_runs = benchmark_runs(parts.value("recorder_gb", json()));
    summary["recorder"] = {
        {"bytes_per_call", summary["recorder_bytes_per_call"]},
        {"lossless_threads", take("lossless", "threads")},
        {"lossless_calls_in_trace", take("lossless", "calls_in_trace")},
        {"lost_calls", summary["recorder_lost_calls"]},
        // per recorded call: a P/Invoke round trip records three
        {"ns_per_recorded_call_1_thread",
         run_figure(recorder_runs, "BM_RecorderPInvoke/real_time/threads:1", "cpu_time", 1.0 / 3)},
        {"ns_per_recorded_call_4_threads",
         run_figure(recorder_runs, "BM_RecorderPInvoke/real_time/threads:4", "cpu_time", 1.0 / 3)},
        {"trace_bytes_per_call", take("lossless", "trace_bytes_per_call")},
        {"export_calls_per_second", take("lossless", "export_calls_per_second")},
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
    // Start-up and the whole suite.
    summary["startup"] = parts.value("startup", json());
    summary["startup_profiler_ms"] = take("startup", "profiler_startup_ms");
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
          "rules_calls_per_second", "recorder_bytes_per_call", "recorder_lost_calls",
          "suite_wall_seconds"})
        fmt::print("  {:<26} {}\n", key, summary[key].dump());
    return 0;
}

} // namespace
} // namespace clrhost::bench

int main(int argc, char** argv)
{
    using namespace clrhost::bench;
    CLI::App app{"clrhost-bench: the cost of the transition bridge and the recorder"};
    app.require_subcommand(1);

    Paths paths;
    std::string config, trace;
    std::vector<std::string> app_args;
    auto* child = app.add_subcommand("child", "(internal) one configuration in this process");
    child->add_option("--config", config, "none, floor, bridge or recorder")->required();
    child->add_option("--trace", trace, "the recorder's trace file");
    child->add_option("app_args", app_args, "the app's arguments (after --)");
    add_path_options(*child, paths);

    TransitionOptions transitions;
    auto* transitions_cmd =
        app.add_subcommand("transitions", "per-call cost of every configuration, ratios");
    transitions_cmd->add_option("--reps", transitions.reps, "processes per configuration")
        ->capture_default_str();
    transitions_cmd->add_option("--calls", transitions.calls, "round trips per timed loop")
        ->capture_default_str();
    transitions_cmd->add_option("--inner-reps", transitions.inner_reps, "timed loops per process")
        ->capture_default_str();
    transitions_cmd->add_option("--threads", transitions.threads, "threads of (e)")
        ->capture_default_str();
    transitions_cmd->add_option("--json", transitions.json_path, "write the results here");
    transitions_cmd->add_flag("--smoke", transitions.smoke, "one short run of each configuration");
    transitions_cmd->add_option("--baseline", transitions.baseline_dir,
                                "an earlier build's bin folder, measured alongside");
    transitions_cmd
        ->add_option("--bridge-mask", transitions.bridge_mask,
                     "the bridge's event mask (hex): the floor the ratios use")
        ->capture_default_str();
    add_path_options(*transitions_cmd, paths);

    StartupOptions startup;
    auto* startup_cmd = app.add_subcommand("startup", "process start-up with and without profiler");
    startup_cmd->add_option("--reps", startup.reps, "processes per case")->capture_default_str();
    startup_cmd->add_option("--scenario-app", startup.scenario_app,
                            "a scenario's entry assembly to time too (doc-table)");
    startup_cmd->add_option("--json", startup.json_path, "write the results here");
    startup_cmd->add_flag("--smoke", startup.smoke, "one process per case");
    add_path_options(*startup_cmd, paths);

    LosslessOptions lossless;
    auto* lossless_cmd =
        app.add_subcommand("lossless", "threads x calls through the recorder, all in the trace");
    lossless_cmd->add_option("--threads", lossless.threads, "threads")->capture_default_str();
    lossless_cmd->add_option("--calls", lossless.calls, "P/Invoke round trips per thread")
        ->capture_default_str();
    lossless_cmd->add_option("--json", lossless.json_path, "write the results here");
    lossless_cmd->add_flag("--keep-trace", lossless.keep_trace, "leave the trace file");
    add_path_options(*lossless_cmd, paths);

    SummaryOptions summary;
    std::vector<std::string> part_args;
    auto* summary_cmd = app.add_subcommand("summary", "merge the parts into one JSON");
    summary_cmd->add_option("--out", summary.out, "the summary file")->required();
    summary_cmd->add_option("--part", part_args, "name=file.json")->expected(0, -1);
    summary_cmd->add_option("--suite-seconds", summary.suite_seconds, "wall time of ctest -j2");
    summary_cmd->add_option("--suite-exit", summary.suite_exit, "ctest's exit code");
    summary_cmd->add_flag("--smoke", summary.smoke, "the parts are a smoke run's");

    CLI11_PARSE(app, argc, argv);
    try {
        if (child->parsed())
            return child_command(config, paths, trace, app_args);
        if (transitions_cmd->parsed())
            return transitions_command(transitions, paths);
        if (startup_cmd->parsed())
            return startup_command(startup, paths);
        if (lossless_cmd->parsed())
            return lossless_command(lossless, paths);
        if (summary_cmd->parsed()) {
            for (const auto& part : part_args)
                if (const auto equals = part.find('='); equals != std::string::npos)
                    summary.parts[part.substr(0, equals)] = part.substr(equals + 1);
            return summary_command(summary);
        }
    } catch (const std::exception& error) {
        fmt::print(stderr, "clrhost-bench: {}\n", error.what());
        return 2;
    }
    return 2;
}
