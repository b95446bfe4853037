// `replay TRACE --host PATH.so`: the replay driver. Feeds a recorded or hand-written trace to a
// host with no runtime, each call on a thread of its own like the trace's threads and in the
// trace's global order. The calls go through the recorder, so the host's obligations (TM-HR-*,
// TM-BOOKKEEPING) are checked on what it answered. The host is judged by the protocol applied to
// its own answers, never by the trace's: a call the protocol let the driver make, given this
// host's answers so far, must succeed; once the trace's calls stop being legal for this host (it
// answered CallNeedsHostHook FALSE where the trace's host said TRUE, say), it owes only its own
// obligations. Where its answers differ from the trace's, the replay says so, as information.
#include "conformance/cli/commands.h"
#include "conformance/protocol/protocol_model.h"
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/replay/trace_replay.h"

#include <clrhost/hresult.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace clrhost::cli {

struct ReplayOptions {
    std::string trace;
    std::string host;
    std::string out; // the replay's own trace; default: TRACE.replay.jsonl
};

namespace {

using trace::TraceCall;

// The rules that judge the host alone; the others judge whoever wrote the trace.
const std::set<std::string, std::less<>> kHostRules = rules::host_rules();

struct Mismatch {
    std::uint64_t seq;
    std::string text;
};

// What differs between the trace's answer and the host's; empty when nothing does. Once the
// host answered E_FAIL (disabled), the protocol asks of it only the latch's code (TM-HR-LATCH),
// whatever hook answer it writes.
std::string answer_difference(const TraceCall& call, const replay::HostAnswer& answer,
                              bool disabled)
{
    if (answer.hr != call.hr)
        return fmt::format("the trace says {}, the host answered {}", hresult_describe(call.hr),
                           hresult_describe(answer.hr));
    if (call.call == HostCall::CallNeedsHostHook && !disabled && answer.hook != call.hook)
        return fmt::format("the trace's hook answer is {}, the host's {}",
                           call.hook ? (*call.hook ? "TRUE" : "FALSE") : "unset",
                           answer.hook ? (*answer.hook ? "TRUE" : "FALSE") : "unset");
    return {};
}

// The seq (in the replay's own trace) of the first call the rules found illegal for this host
// given its answers: a driver rule broken by the replayed calls. From there on, the trace's calls
// are not ones this host's answers would have led a driver to make.
std::optional<std::uint64_t> first_illegal_call(const rules::RulesEngine& engine)
{
    std::optional<std::uint64_t> first;
    for (const auto& violation : engine.violations())
        if (violation.level == rules::Level::Error && !kHostRules.contains(violation.rule))
            first = std::min(first.value_or(violation.seq), violation.seq);
    return first;
}

} // namespace

int replay_command(const ReplayOptions& options)
{
    const auto input = trace::read_trace_file(options.trace);
    driver::HostPluginLibrary plugin(options.host.empty() ? driver::default_host_path()
                                                          : options.host);
    const auto out = options.out.empty() ? options.trace + ".replay.jsonl" : options.out;
    std::vector<TraceCall> calls;
    for (const auto& call : input.calls)
        // The host was not called for skipped ones when the trace was made; events are no calls.
        if (!call.skipped && !call.is_event())
            calls.push_back(call);

    std::vector<replay::HostAnswer> answers;
    {
        // No scenario: a replay is judged by the rules alone (its calls are the trace's, not a
        // scenario run's on a driver).
        trace::TraceRecording recording(
            out, {"replay", input.header.runtime, plugin.plugin().name, false, ""});
        auto recorder = make_com<layers::Recorder>(plugin.create_task_manager(), recording);
        // One OS thread per trace thread, in the trace's global order.
        answers = replay::replay_on_threads(*recorder, calls);
        recording.finish(); // every call made: the recording becomes the replay's trace
    }
    const auto replayed = trace::read_trace_file(out);
    rules::RulesEngine engine({"replay"});
    for (const auto& call : replayed.calls)
        engine.check(call);
    engine.finish();
    std::vector<const rules::Violation*> host_violations;
    for (const auto& violation : engine.violations())
        if (kHostRules.contains(violation.rule))
            host_violations.push_back(&violation);

    // The replay's trace has the calls in the order they were made, one line each.
    const auto illegal_from = first_illegal_call(engine);
    std::vector<Mismatch> differences, failed_legal_calls;
    bool disabled = false; // the calls were made in this order, so this is the host's state
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto& call = calls[i];
        const auto where =
            fmt::format("seq {} {} on thread {}", call.seq, call_name(call.call), call.tid);
        const bool legal =
            i < replayed.calls.size() && (!illegal_from || replayed.calls[i].seq < *illegal_from);
        if (legal && !disabled && protocol::legal_call_failed(call.call, answers[i].hr))
            failed_legal_calls.push_back(
                {call.seq, fmt::format("{}: the host answered {} to a call the protocol allowed "
                                       "(on the .NET Framework the app gets an exception there)",
                                       where, hresult_describe(answers[i].hr))});
        if (const auto difference = answer_difference(call, answers[i], disabled);
            !difference.empty())
            differences.push_back({call.seq, fmt::format("{}: {}", where, difference)});
        disabled = disabled || protocol::disables_runtime(answers[i].hr);
    }

    std::set<std::int64_t> threads;
    for (const auto& call : calls)
        threads.insert(call.tid);
    fmt::print("replayed {} calls on {} thread(s) into host {}; its answers: {}\n", calls.size(),
               threads.size(), plugin.plugin().name, out);
    // Information: the protocol does not fix a host's answers to the trace's.
    for (const auto& difference : differences)
        fmt::print("  answer differs (information): {}\n", difference.text);
    for (const auto& failed : failed_legal_calls)
        fmt::print("  failed-call: {}\n", failed.text);
    for (const auto* violation : host_violations) {
        fmt::print("  {} {} thread {} seq {}: {}\n", violation->rule,
                   rules::level_name(violation->level), violation->tid, violation->seq,
                   violation->message);
        for (const auto& line : violation->context)
            fmt::print("      {}\n", line);
    }
    const bool passed = failed_legal_calls.empty() && host_violations.empty();
    fmt::print("\n{} passed, {} failed\n", passed ? 1 : 0, passed ? 0 : 1);
    return passed ? kConforms : kViolations;
}

Subcommand register_replay(CLI::App& app)
{
    auto replay = std::make_shared<ReplayOptions>();
    auto* command = app.add_subcommand(
        "replay", "feed a trace to a host without a runtime and judge its answers by the protocol");
    command->add_option("trace", replay->trace, "trace file (format v1)")->required();
    command->add_option("--host", replay->host, "host plug-in (.so); default: the reference host");
    command->add_option("--out", replay->out, "the replay's own trace");
    return {command, [replay] { return replay_command(*replay); }};
}

} // namespace clrhost::cli
