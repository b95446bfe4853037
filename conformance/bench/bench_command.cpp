#include "conformance/bench/bench_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>

namespace clrhost::bench {

namespace fs = std::filesystem;

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

void add_driver_option(CLI::App& command, Paths& paths)
{
    auto* app = command.get_option("--app");
    command
        .add_option("--driver", paths.driver,
                    "coreclr, or mono (the loop app's net48 build on Mono embedded in the child)")
        ->check(CLI::IsMember({"coreclr", "mono"}))
        ->capture_default_str()
        ->each([&paths, app](const std::string& driver) {
            // An --app typed on the command line wins.
            if (driver == "mono" && app->count() == 0)
                paths.app =
                    (fs::path(paths.app).parent_path() / "net48" / "BenchLoopsCs.exe").string();
        });
}

bool driver_available(const Paths& paths)
{
#ifndef CLRHOST_HAVE_MONO_DRIVER
    if (paths.driver == "mono") {
        fmt::print(stderr, "clrhost-bench: --driver mono: this build has no mono driver; install "
                           "Mono's embedding API (bash ci/setup.sh) and configure again\n");
        return false;
    }
#endif
    if (!fs::is_regular_file(paths.app)) {
        fmt::print(
            stderr, "clrhost-bench: --app {}: no such file; build the loop app ({})\n", paths.app,
            paths.driver == "mono" ? "target clrhost_managed_net48" : "target clrhost-bench");
        return false;
    }
    return true;
}

std::uint64_t least_host_calls(const LoopResult& result, int threads)
{
    // The reference host hooks every P/Invoke: CallNeedsHostHook, LeaveRuntime, EnterRuntime;
    // a reverse round trip is ReverseEnterRuntime and ReverseLeaveRuntime. The framework's own
    // crossings and GetCurrentTask come on top.
    return static_cast<std::uint64_t>(threads) *
           (3 * result.per_thread_pinvoke + 2 * result.per_thread_reverse);
}

[[noreturn]] void leave(int code)
{
    std::fflush(nullptr);
    ::_exit(code);
}

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
    static const std::regex host_calls(R"(bench-child: config=\S+ exit=0 .*host_calls=(\d+))");
    if (std::regex_search(output, match, host_calls))
        result.host_calls = std::stoull(match[1]);
    if (!std::regex_search(output, match, child))
        return std::nullopt;
    if (match[1].matched)
        result.runtime = match[1];
    if (match[2].matched) {
        result.calls_recorded = std::stoull(match[2]);
        result.host_calls = result.calls_recorded;
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
    // Only when it is not the default: an earlier build's child (--baseline) has no --driver.
    if (paths.driver != "coreclr") {
        argv.push_back("--driver");
        argv.push_back(paths.driver);
    }
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

} // namespace clrhost::bench
