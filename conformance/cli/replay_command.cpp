// `replay TRACE --host PATH.so`: the replay driver. Feeds a recorded or hand-written trace to a
// host with no runtime, each call on a thread of its own like the trace's threads and in the
// trace's global order, and compares the host's answers with the trace's hr column. The calls
// go through the recorder, so the host's obligations (TM-HR-*, TM-BOOKKEEPING) are checked on
// what it answered.
#include "conformance/cli/commands.h"
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/recorder/recorder.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace clrhost::cli {
namespace {

using trace::TraceCall;

// The rules that judge the host; the others judge whoever wrote the trace.
const std::set<std::string, std::less<>> kHostRules{"TM-HR-CODES", "TM-HR-EXACT", "TM-HR-LATCH",
                                                    "TM-BOOKKEEPING"};

struct Mismatch {
    std::uint64_t seq;
    std::string text;
};

HRESULT replay_call(ISiteAwareTaskManager& host, IHostTaskManager& plain, const TraceCall& call,
                    std::optional<bool>& hook)
{
    TransitionSite site;
    site.target = call.target.value_or(0);
    site.symbol = call.symbol ? call.symbol->c_str() : nullptr;
    site.library = call.library ? call.library->c_str() : nullptr;
    site.method = call.method ? call.method->c_str() : nullptr;
    site.assembly = call.assembly ? call.assembly->c_str() : nullptr;
    site.target_note = call.note ? call.note->c_str() : nullptr;
    site.framework = call.framework;
    site.origin_unknown = call.origin_unknown;
    switch (call.call) {
    case HostCall::GetCurrentTask: {
        ComPtr<IHostTask> task;
        return plain.GetCurrentTask(task.put());
    }
    case HostCall::CallNeedsHostHook: {
        BOOL needs_hook = kNeedsHookUnset;
        const auto result = host.CallNeedsHostHookAt(site, &needs_hook);
        if (needs_hook != kNeedsHookUnset)
            hook = needs_hook != FALSE_;
        return result;
    }
    case HostCall::LeaveRuntime:
        return host.LeaveRuntimeAt(site);
    case HostCall::EnterRuntime:
        return host.EnterRuntimeAt(site);
    case HostCall::ReverseEnterRuntime:
        return host.ReverseEnterRuntimeAt(site);
    case HostCall::ReverseLeaveRuntime:
        return host.ReverseLeaveRuntimeAt(site);
    }
    return E_UNEXPECTED;
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

    std::vector<Mismatch> mismatches;
    {
        trace::TraceRecording recording(out,
                                        {"replay", input.header.runtime, plugin.plugin().name});
        auto recorder = make_com<layers::Recorder>(plugin.create_task_manager(), recording);
        std::map<std::int64_t, std::vector<std::size_t>> by_thread;
        for (std::size_t i = 0; i < calls.size(); ++i)
            by_thread[calls[i].tid].push_back(i);

        // One OS thread per trace thread; a turn counter keeps the trace's global order.
        std::atomic<std::size_t> turn{0};
        std::mutex mismatch_mutex;
        std::vector<std::jthread> threads;
        for (const auto& [tid, indices] : by_thread)
            threads.emplace_back([&, &indices = indices] {
                for (const auto index : indices) {
                    while (turn.load(std::memory_order_acquire) != index)
                        std::this_thread::yield();
                    const auto& call = calls[index];
                    std::optional<bool> hook;
                    HRESULT answer = E_UNEXPECTED;
                    try {
                        answer = replay_call(*recorder, *recorder, call, hook);
                    } catch (...) {
                    }
                    std::string problem;
                    if (answer != call.hr)
                        problem = fmt::format("the trace says {}, the host answered {}",
                                              hresult_describe(call.hr), hresult_describe(answer));
                    else if (call.call == HostCall::CallNeedsHostHook && hook != call.hook)
                        problem = fmt::format("the trace's hook answer is {}, the host's {}",
                                              call.hook ? (*call.hook ? "TRUE" : "FALSE") : "unset",
                                              hook ? (*hook ? "TRUE" : "FALSE") : "unset");
                    if (!problem.empty()) {
                        std::lock_guard lock(mismatch_mutex);
                        mismatches.push_back(
                            {call.seq, fmt::format("seq {} {} on thread {}: {}", call.seq,
                                                   call_name(call.call), call.tid, problem)});
                    }
                    turn.store(index + 1, std::memory_order_release);
                }
            });
        threads.clear(); // every call made: the recording becomes the replay's trace
        recording.finish();
    }
    std::sort(mismatches.begin(), mismatches.end(),
              [](const auto& a, const auto& b) { return a.seq < b.seq; });

    const auto replayed = trace::read_trace_file(out);
    rules::RulesEngine engine({"replay"});
    for (const auto& call : replayed.calls)
        engine.check(call);
    engine.finish();
    std::vector<const rules::Violation*> host_violations;
    for (const auto& violation : engine.violations())
        if (kHostRules.contains(violation.rule))
            host_violations.push_back(&violation);

    std::set<std::int64_t> threads;
    for (const auto& call : calls)
        threads.insert(call.tid);
    fmt::print("replayed {} calls on {} thread(s) into host {}; its answers: {}\n", calls.size(),
               threads.size(), plugin.plugin().name, out);
    for (const auto& mismatch : mismatches)
        fmt::print("  answer differs: {}\n", mismatch.text);
    for (const auto* violation : host_violations) {
        fmt::print("  {} {} thread {} seq {}: {}\n", violation->rule,
                   rules::level_name(violation->level), violation->tid, violation->seq,
                   violation->message);
        for (const auto& line : violation->context)
            fmt::print("      {}\n", line);
    }
    const bool passed = mismatches.empty() && host_violations.empty();
    fmt::print("\n{} passed, {} failed\n", passed ? 1 : 0, passed ? 0 : 1);
    return passed ? kConforms : kViolations;
}

} // namespace clrhost::cli
