#include "conformance/bench/bench_command.h"

#include "conformance/rules/rules.h"
#include "conformance/trace/trace_input.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>

namespace clrhost::bench {
namespace {

namespace fs = std::filesystem;

// lossless: T threads x N P/Invoke round trips through the recorder, then every line of the
// trace read back: seq 0.. without a gap, every thread's CallNeedsHostHook, LeaveRuntime and
// EnterRuntime of bench_noop as many times as the app made the call, no rule broken.
struct LosslessOptions {
    int threads = 4;
    int calls = 1000000;
    std::string json_path;
    bool keep_trace = false;
};

// The trace read back: its lines, bench_noop's calls per thread, and what is wrong.
struct ReadBack {
    std::uint64_t lines = 0; // every record: calls and the threads' events, one seq each
    std::uint64_t calls = 0; // what the recorder counts
    std::map<std::int64_t, std::array<std::uint64_t, 3>> per_thread; // CNHH, Leave, Enter
    std::vector<std::string> problems;
    std::string violations; // the rules engine's, after the counts' problems
    double seconds = 0;
};

ReadBack read_back(const std::string& trace)
{
    ReadBack read;
    rules::RulesEngine engine;
    const auto read_start = std::chrono::steady_clock::now();
    try {
        const auto input = trace::open_trace(trace);
        while (auto call = input->next()) {
            if (call->seq != read.lines && read.problems.size() < 10)
                read.problems.push_back(fmt::format("line {}: seq {} where {} was due",
                                                    read.lines + 2, call->seq, read.lines));
            ++read.lines;
            read.calls += call->is_event() ? 0 : 1;
            engine.check(*call);
            if (call->symbol == "bench_noop") {
                auto& counts = read.per_thread[call->tid];
                if (call->call == HostCall::CallNeedsHostHook)
                    ++counts[0];
                else if (call->call == HostCall::LeaveRuntime)
                    ++counts[1];
                else if (call->call == HostCall::EnterRuntime)
                    ++counts[2];
            }
        }
    } catch (const std::exception& failure) {
        read.problems.push_back(fmt::format("unreadable trace: {}", failure.what()));
    }
    engine.finish();
    read.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
    if (engine.violation_count())
        read.violations =
            fmt::format("{} rule violation(s), first: {} {}", engine.violation_count(),
                        engine.violations().front().rule, engine.violations().front().message);
    return read;
}

// Every call the app made in the trace, once per thread, and no rule broken.
std::vector<std::string> problems_of(const ReadBack& read, const LoopResult& parsed, int threads)
{
    auto problems = read.problems;
    if (read.calls != parsed.calls_recorded)
        problems.push_back(fmt::format("the recorder counted {} calls, the trace holds {}",
                                       parsed.calls_recorded, read.calls));
    if (read.per_thread.size() != static_cast<std::size_t>(threads))
        problems.push_back(
            fmt::format("bench_noop came on {} threads, not {}", read.per_thread.size(), threads));
    for (const auto& [tid, counts] : read.per_thread)
        for (std::size_t kind = 0; kind < counts.size(); ++kind)
            if (counts[kind] != parsed.per_thread_pinvoke)
                problems.push_back(fmt::format(
                    "thread {}: {} {} of bench_noop in the trace, the app made {}", tid,
                    counts[kind],
                    std::array{"CallNeedsHostHook", "LeaveRuntime", "EnterRuntime"}[kind],
                    parsed.per_thread_pinvoke));
    if (!read.violations.empty())
        problems.push_back(read.violations);
    return problems;
}

json report(const LosslessOptions& options, const LoopResult& parsed, const ReadBack& read,
            std::uintmax_t file_size, const std::vector<std::string>& problems)
{
    const auto lines = read.calls; // per call: the events are a few records a thread
    const auto read_seconds = read.seconds;
    json result;
    result["threads"] = options.threads;
    result["round_trips_per_thread"] = parsed.per_thread_pinvoke;
    result["calls_in_trace"] = lines;
    result["recording_bytes"] = parsed.recording_bytes;
    result["bytes_per_call"] = lines ? static_cast<double>(parsed.recording_bytes) / lines : NAN;
    result["trace_bytes"] = file_size;
    result["trace_bytes_per_call"] = lines ? static_cast<double>(file_size) / lines : NAN;
    result["export_seconds"] = parsed.export_seconds;
    result["export_calls_per_second"] = lines / parsed.export_seconds;
    result["pinvoke_ns"] = parsed.pinvoke_ns;
    result["read_and_check_seconds"] = read_seconds;
    result["read_and_check_calls_per_second"] = lines / read_seconds;
    result["lost_calls"] = problems.empty() ? 0 : -1;
    result["problems"] = problems;
    fmt::print("\nrecorder, {} threads x {} P/Invoke round trips: {} calls, {} ns per round "
               "trip; recording {:.1f} MB ({:.1f} bytes per call), exported after the run in "
               "{:.1f} s ({:.2f} M calls/s) to a trace of {:.1f} MB ({:.1f} bytes per call); read "
               "back and checked at {:.2f} M calls/s\n",
               options.threads, parsed.per_thread_pinvoke, lines, parsed.pinvoke_ns,
               parsed.recording_bytes / 1e6, result["bytes_per_call"].get<double>(),
               parsed.export_seconds, lines / parsed.export_seconds / 1e6, file_size / 1e6,
               result["trace_bytes_per_call"].get<double>(), lines / read_seconds / 1e6);
    for (const auto& problem : problems)
        fmt::print("  LOST/WRONG: {}\n", problem);
    fmt::print("{}\n", problems.empty() ? "no call lost" : "calls lost or wrong");
    return result;
}

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
    const auto read = read_back(trace);
    if (!options.keep_trace)
        fs::remove(trace);
    const auto problems = problems_of(read, *parsed, options.threads);
    write_json(options.json_path, report(options, *parsed, read, file_size, problems));
    return problems.empty() ? 0 : 1;
}

} // namespace

Subcommand register_lossless(CLI::App& app)
{
    auto options = std::make_shared<LosslessOptions>();
    auto paths = std::make_shared<Paths>();
    auto* command =
        app.add_subcommand("lossless", "threads x calls through the recorder, all in the trace");
    command->add_option("--threads", options->threads, "threads")->capture_default_str();
    command->add_option("--calls", options->calls, "P/Invoke round trips per thread")
        ->capture_default_str();
    command->add_option("--json", options->json_path, "write the results here");
    command->add_flag("--keep-trace", options->keep_trace, "leave the trace file");
    add_path_options(*command, *paths);
    return {command, [options, paths] { return lossless_command(*options, *paths); }};
}

} // namespace clrhost::bench
