// clrhost-bench's subcommands, one file each (docs/PERFORMANCE.md), and what they share: the
// paths a configuration's child process needs, its command line and what it prints, medians,
// the machine's description, the JSON files written.
#pragma once

#include "conformance/bench/bench_process.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory> // each registration keeps its options in a shared_ptr
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace clrhost::bench {

using nlohmann::json;

constexpr std::array<const char*, 4> kConfigs{"none", "floor", "bridge", "recorder"};

struct Paths {
    // The runtime a child runs the loop app on: coreclr (its .NET build), or mono (its .NET
    // Framework build, Mono embedded in the child; mono_child.cpp).
    std::string driver = "coreclr";
    std::string child = (std::filesystem::path(executable_dir()) / "clrhost-bench").string();
    std::string app;
    std::string dotnet_root;
    std::string bridge;
    std::string floor;
    std::string trace_dir = std::filesystem::temp_directory_path().string();
};

void add_path_options(CLI::App& command, Paths& paths);
// `--driver`, on the subcommands that run on Mono too (child, transitions); the loop app's
// .NET Framework build becomes the default --app when it is mono.
void add_driver_option(CLI::App& command, Paths& paths);
// Checks what --driver asked for (after parsing): false, with a line saying why, when this build
// cannot run it.
bool driver_available(const Paths& paths);

// Runtime threads may still run: leaves without exit-time destructors.
[[noreturn]] void leave(int code);

struct LoopResult {
    double pinvoke_ns = NAN; // wall time per round trip, as each thread sees it
    double reverse_ns = NAN;
    double pinvoke_cpu_ns = NAN; // process CPU time per round trip made
    double reverse_cpu_ns = NAN;
    std::uint64_t per_thread_pinvoke = 0;
    std::uint64_t per_thread_reverse = 0;
    std::uint64_t calls_recorded = 0;
    // The host calls the child's bridge made (mono's bridge) or its recorder recorded; none when
    // the child does not count them.
    std::optional<std::uint64_t> host_calls;
    std::uint64_t recording_bytes = 0;
    double export_seconds = NAN;
    std::string runtime;
};

// What a child printed: its loop timings and how it ended; none when it did not say.
std::optional<LoopResult> parse_loop_output(const std::string& output);

// The command line of a child running one configuration (`child`) of app with app_args.
std::vector<std::string> child_argv(const std::string& config, const Paths& paths,
                                    const std::string& trace, const std::string& app,
                                    const std::vector<std::string>& app_args);
std::string trace_path_for(const Paths& paths, const std::string& what);

// The host calls a child's bridge must have made (or its recorder recorded) at least, for the
// calls the app says it made: a smaller count is a lost call.
std::uint64_t least_host_calls(const LoopResult& result, int threads);

// One configuration on Mono in this process (`child --driver mono`; mono_child.cpp, built with
// the mono driver).
[[noreturn]] void mono_child(const std::string& config, const Paths& paths,
                             const std::string& trace, const std::vector<std::string>& app_args);

double median(std::vector<double> values); // NaN values left out
json machine_info();
double load_average();
void write_json(const std::string& path, const json& value); // path empty: nothing written

// A registered subcommand: its CLI11 node, and its work, which reads the options the
// registration bound (they live as long as the closure).
struct Subcommand {
    CLI::App* command;
    std::function<int()> run;
};

// In the order `--help` lists them.
Subcommand register_child(CLI::App& app);
Subcommand register_transitions(CLI::App& app);
Subcommand register_startup(CLI::App& app);
Subcommand register_lossless(CLI::App& app);
Subcommand register_summary(CLI::App& app);

} // namespace clrhost::bench
