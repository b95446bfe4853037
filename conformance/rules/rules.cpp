#include "conformance/rules/rules.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <algorithm>

namespace clrhost::rules {
namespace {

using trace::TraceCall;

constexpr std::size_t kContextBefore = 4;
constexpr std::uint8_t kContextAfter = 2;

const std::vector<RuleInfo> kRules{
    {"TM-NEST", Level::Error,
     "per thread, EnterRuntime closes the innermost open LeaveRuntime and ReverseLeaveRuntime the "
     "innermost open ReverseEnterRuntime; brackets never cross"},
    {"TM-ALT", Level::Warning,
     "LeaveRuntime only while the thread runs managed code, ReverseEnterRuntime only while it runs "
     "unmanaged code"},
    {"TM-TARGET", Level::Error,
     "LeaveRuntime's target is the native function's address; where the driver cannot know it, "
     "the trace says why"},
    {"TM-BALANCE", Level::Error,
     "a thread that ends, and the thread whose app run ends, has nothing open (threads still "
     "running when the process exits are listed with their open layers, not judged)"},
    {"TM-HOOK", Level::Error,
     "LeaveRuntime for a P/Invoke only after CallNeedsHostHook for that target said TRUE"},
    {"TM-THREAD", Level::Error, "a transition is closed on the thread that opened it"},
    {"TM-HR-CODES", Level::Error, "a host returns only the documented codes for each method"},
    {"TM-HR-EXACT", Level::Error,
     "ReverseEnterRuntime and ReverseLeaveRuntime succeed only with exactly S_OK"},
    {"TM-HR-LATCH", Level::Error,
     "after a host returned E_FAIL, its later calls return HOST_E_CLRNOTAVAILABLE"},
    {"TM-BOOKKEEPING", Level::Error,
     "a host that shows its bookkeeping sees each thread's open layers as the transitions left "
     "them"},
};

bool documented(HostCall call, HRESULT value)
{
    switch (value) {
    case S_OK:
    case HOST_E_CLRNOTAVAILABLE:
    case HOST_E_TIMEOUT:
    case HOST_E_NOT_OWNER:
    case HOST_E_ABANDONED:
    case E_FAIL:
        return true;
    case E_OUTOFMEMORY:
        return call != HostCall::CallNeedsHostHook; // its page does not list E_OUTOFMEMORY
    default:
        return false;
    }
}

bool is_reverse(HostCall call)
{
    return call == HostCall::ReverseEnterRuntime || call == HostCall::ReverseLeaveRuntime;
}

// What the context lines and open layers name a call by: its native symbol, else its method.
std::string site_name(const TraceCall& call)
{
    return call.symbol ? *call.symbol : call.method.value_or(std::string());
}

} // namespace

const std::vector<RuleInfo>& all_rules()
{
    return kRules;
}

const RuleInfo* find_rule(std::string_view id)
{
    const auto it = std::find_if(kRules.begin(), kRules.end(), [&](auto& r) { return r.id == id; });
    return it == kRules.end() ? nullptr : &*it;
}

std::string_view level_name(Level level)
{
    return level == Level::Error ? "error" : "warning";
}

RulesEngine::RulesEngine(CheckOptions options) : options_(std::move(options)) {}

RulesEngine::ContextEntry RulesEngine::entry_for(const TraceCall& call,
                                                 const ThreadState& thread) const
{
    ContextEntry entry{
        call.seq,
        call.call,
        call.target.value_or(0),
        call.hr,
        static_cast<std::uint16_t>(std::min<std::size_t>(thread.layers.size(), 0xFFFF)),
        {},
        site_name(call),
        call.event};
    const auto shown = std::min<std::size_t>(thread.layers.size(), entry.top.size());
    for (std::size_t i = 0; i < shown; ++i)
        entry.top[i] = thread.layers[thread.layers.size() - shown + i].layer;
    return entry;
}

std::string RulesEngine::context_line(const ContextEntry& entry, bool marked)
{
    std::string open;
    const auto shown = std::min<std::size_t>(entry.depth, entry.top.size());
    if (entry.depth > shown)
        open = fmt::format("{} more, ", entry.depth - shown);
    for (std::size_t i = 0; i < shown; ++i)
        open += entry.top[i] == Layer::Unmanaged ? "Leave " : "ReverseEnter ";
    if (open.empty())
        open = "nothing";
    if (entry.event)
        return fmt::format("{} seq {:<8} {:<30} {:<14} {:<24} open: {}", marked ? ">>" : "  ",
                           entry.seq, trace::event_name(*entry.event), "", "", open);
    const auto target = entry.target ? fmt::format("(0x{:x})", entry.target) : std::string();
    return fmt::format("{} seq {:<8} {:<30} {:<14} {:<24} open after: {}", marked ? ">>" : "  ",
                       entry.seq, std::string(call_name(entry.call)) + target,
                       hresult_symbol(entry.hr).empty() ? hresult_hex(entry.hr)
                                                        : std::string(hresult_symbol(entry.hr)),
                       entry.site.empty() ? "-" : entry.site, open);
}

void RulesEngine::report(ThreadState& thread, const TraceCall& call, std::string_view rule,
                         std::string message)
{
    const auto* info = find_rule(rule);
    const auto level = info ? info->level : Level::Error;
    ++counted_;
    (level == Level::Error ? errors_ : warnings_) += 1;
    violated_.emplace(rule);
    if (kept_.size() >= options_.max_violations_kept)
        return;
    Violation violation{std::string(rule), level, call.tid, call.seq, std::move(message), {}};
    for (const auto& entry : thread.recent)
        violation.context.push_back(context_line(entry, false));
    kept_.push_back(std::move(violation));
    thread.awaiting_context.push_back(kept_.size() - 1);
    thread.awaiting_left.push_back(kContextAfter + 1); // the call itself, then the ones after
}

bool RulesEngine::open_elsewhere(std::int64_t tid, Layer layer) const
{
    return std::any_of(threads_.begin(), threads_.end(), [&](const auto& item) {
        return item.first != tid && !item.second.layers.empty() &&
               item.second.layers.back().layer == layer;
    });
}

void RulesEngine::check_result(const TraceCall& call, ThreadState& thread)
{
    if (call.skipped)
        return; // the host was not called: there is no answer of its to judge
    // Another thread's call may have been under way when the E_FAIL came back: it is recorded
    // later but began before, so each other thread's first call after the E_FAIL is let off.
    const bool in_flight_elsewhere =
        latched_at_ && call.tid != latched_tid_ && latch_graced_.insert(call.tid).second;
    if (latched_at_ && call.hr != HOST_E_CLRNOTAVAILABLE && !in_flight_elsewhere)
        report(thread, call, "TM-HR-LATCH",
               fmt::format("{} returned {} after the host's E_FAIL at seq {}", call_name(call.call),
                           hresult_describe(call.hr), *latched_at_));
    if (is_reverse(call.call) && call.hr > 0)
        report(thread, call, "TM-HR-EXACT",
               fmt::format("{} returned {}: a success code other than S_OK counts as a failure",
                           call_name(call.call), hresult_describe(call.hr)));
    else if (!documented(call.call, call.hr))
        report(thread, call, "TM-HR-CODES",
               fmt::format("{} returned {}, which its documentation does not list",
                           call_name(call.call), hresult_describe(call.hr)));
    if (call.hr == E_FAIL && !latched_at_) {
        latched_at_ = call.seq;
        latched_tid_ = call.tid;
    }
}

void RulesEngine::close(const TraceCall& call, ThreadState& thread, Layer layer)
{
    const auto opener = layer == Layer::Unmanaged ? "LeaveRuntime" : "ReverseEnterRuntime";
    if (!thread.layers.empty() && thread.layers.back().layer == layer) {
        thread.layers.pop_back();
        thread.letters.pop_back();
        return;
    }
    if (thread.layers.empty()) {
        if (open_elsewhere(call.tid, layer))
            report(thread, call, "TM-THREAD",
                   fmt::format("{} on a thread with nothing open, while another thread has a {} "
                               "open: closed on the wrong thread",
                               call_name(call.call), opener));
        else
            report(thread, call, "TM-NEST",
                   fmt::format("{} closes nothing: no {} is open on this thread",
                               call_name(call.call), opener));
        return;
    }
    report(thread, call, "TM-NEST",
           fmt::format("{} while the innermost open layer is the {} of seq {}: brackets cross",
                       call_name(call.call),
                       thread.layers.back().layer == Layer::Unmanaged ? "LeaveRuntime"
                                                                      : "ReverseEnterRuntime",
                       thread.layers.back().seq));
    // Recover as a host would have to: close down to the matching layer, if there is one.
    const auto match = std::find_if(thread.layers.rbegin(), thread.layers.rend(),
                                    [&](const OpenLayer& open) { return open.layer == layer; });
    if (match != thread.layers.rend()) {
        thread.layers.erase(std::next(match).base(), thread.layers.end());
        thread.letters.resize(thread.layers.size());
    }
}

void RulesEngine::check_transition(const TraceCall& call, ThreadState& thread)
{
    const auto target = call.target.value_or(0);
    switch (call.call) {
    case HostCall::GetCurrentTask:
        return; // outside the brackets: leaves a pending CallNeedsHostHook answer alone
    case HostCall::CallNeedsHostHook:
        if (!call.target && !call.note)
            report(thread, call, "TM-TARGET",
                   "CallNeedsHostHook without a target, and the trace does not say why");
        if (!call.hook && !call.skipped && succeeded(call.hr))
            report(thread, call, "TM-HOOK",
                   "CallNeedsHostHook returned S_OK without writing its answer");
        thread.hook = PendingHook{target, call.hook.value_or(false)};
        hook_answers_[target] = call.hook.value_or(false);
        return; // the pending answer is for the next call on this thread
    case HostCall::LeaveRuntime: {
        if (!call.target && !call.note)
            report(thread, call, "TM-TARGET",
                   "LeaveRuntime without a target, and the trace does not say why");
        // coreclr asks before every P/Invoke; other drivers may have asked once per target.
        const bool asked_just_before = thread.hook && thread.hook->target == target;
        const auto answer = asked_just_before                ? std::optional(thread.hook->answer)
                            : hook_answers_.contains(target) ? std::optional(hook_answers_[target])
                                                             : std::nullopt;
        if (call.skipped)
            ; // the runtime was disabled: the driver asked nothing, rightly
        else if (thread.hook && !asked_just_before)
            report(thread, call, "TM-TARGET",
                   fmt::format("LeaveRuntime's target 0x{:x} is not the 0x{:x} the driver asked "
                               "CallNeedsHostHook about just before",
                               target, thread.hook->target));
        else if (options_.driver == "coreclr" && !asked_just_before)
            report(thread, call, "TM-HOOK",
                   "LeaveRuntime without a CallNeedsHostHook for its target just before");
        else if (answer == false)
            report(thread, call, "TM-HOOK",
                   "LeaveRuntime although CallNeedsHostHook for this target answered FALSE");
        if (!thread.layers.empty() && thread.layers.back().layer == Layer::Unmanaged)
            report(thread, call, "TM-ALT",
                   fmt::format("LeaveRuntime while the thread runs unmanaged code (LeaveRuntime "
                               "of seq {} is open)",
                               thread.layers.back().seq));
        // A failed LeaveRuntime opened nothing: the runtime calls no EnterRuntime for it.
        if (call.skipped || succeeded(call.hr)) {
            thread.layers.push_back({Layer::Unmanaged, call.seq, target, site_name(call)});
            thread.letters.push_back('U');
        }
        break;
    }
    case HostCall::EnterRuntime:
        // A driver that names the call site of EnterRuntime must name the one it closes.
        if (call.target && !thread.layers.empty() &&
            thread.layers.back().layer == Layer::Unmanaged && thread.layers.back().target &&
            thread.layers.back().target != *call.target)
            report(thread, call, "TM-TARGET",
                   fmt::format("EnterRuntime names target 0x{:x}, but closes the LeaveRuntime of "
                               "seq {} for 0x{:x}",
                               *call.target, thread.layers.back().seq,
                               thread.layers.back().target));
        close(call, thread, Layer::Unmanaged);
        break;
    case HostCall::ReverseEnterRuntime:
        if (!thread.layers.empty() && thread.layers.back().layer == Layer::Managed)
            report(thread, call, "TM-ALT",
                   fmt::format("ReverseEnterRuntime while the thread runs managed code "
                               "(ReverseEnterRuntime of seq {} is open)",
                               thread.layers.back().seq));
        // Anything but S_OK failed it: then no ReverseLeaveRuntime follows.
        if (call.skipped || call.hr == S_OK) {
            thread.layers.push_back({Layer::Managed, call.seq, 0, site_name(call)});
            thread.letters.push_back('M');
        }
        break;
    case HostCall::ReverseLeaveRuntime:
        close(call, thread, Layer::Managed);
        break;
    }
    thread.hook.reset();
}

void RulesEngine::check_bookkeeping(const TraceCall& call, ThreadState& thread)
{
    const auto& seen = *call.host_layers;
    if (seen == thread.letters)
        return;
    const auto& truth = thread.letters;
    if (seen == trace::kNoLayersAnswer) {
        report(thread, call, "TM-BOOKKEEPING",
               fmt::format("after {} the host's GetCurrentThreadLayers failed: a host that answers "
                           "IID_IHostLayerIntrospection must give its layers after every "
                           "transition call (the transitions left \"{}\")",
                           call_name(call.call), truth));
        return;
    }
    report(thread, call, "TM-BOOKKEEPING",
           fmt::format("after {} the host sees the layers \"{}\", the transitions left \"{}\" "
                       "(U: LeaveRuntime, M: ReverseEnterRuntime, ?: a value that is neither; "
                       "outermost first)",
                       call_name(call.call), seen, truth));
}

void RulesEngine::check(const TraceCall& call)
{
    if (call.event) {
        thread_event(call);
        return;
    }
    ++calls_;
    // Consecutive calls mostly come from one thread: the map is asked only when the thread changes
    // (its nodes, and so the states, never move).
    if (!last_thread_.state || last_thread_.tid != call.tid) {
        last_thread_.state = &threads_[call.tid];
        last_thread_.tid = call.tid;
    }
    auto& thread = *last_thread_.state;
    const auto kept_before = kept_.size();
    check_result(call, thread);
    check_transition(call, thread);
    if (call.host_layers)
        check_bookkeeping(call, thread);

    const auto entry = entry_for(call, thread);
    for (std::size_t i = 0; i < thread.awaiting_context.size();) {
        const bool is_the_call = thread.awaiting_context[i] >= kept_before;
        kept_[thread.awaiting_context[i]].context.push_back(context_line(entry, is_the_call));
        if (--thread.awaiting_left[i] == 0) {
            thread.awaiting_context.erase(thread.awaiting_context.begin() + i);
            thread.awaiting_left.erase(thread.awaiting_left.begin() + i);
        } else {
            ++i;
        }
    }
    thread.recent.push_back(entry);
    if (thread.recent.size() > kContextBefore)
        thread.recent.pop_front();
}

// The thread's open layers, outermost first, each with what opened it.
std::string RulesEngine::open_layers(const ThreadState& thread)
{
    std::string text;
    for (const auto& open : thread.layers)
        text += fmt::format("{}{} {} (seq {})", text.empty() ? "" : ", ",
                            open.layer == Layer::Unmanaged ? "LeaveRuntime" : "ReverseEnterRuntime",
                            open.site.empty() ? "-" : open.site, open.seq);
    return text;
}

void RulesEngine::report_open_layers(ThreadState& thread, const TraceCall& at, std::string_view why)
{
    report(thread, at, "TM-BALANCE",
           fmt::format("{} with {} layer(s) open: {}", why, thread.layers.size(),
                       open_layers(thread)));
    thread.awaiting_context.clear();
    thread.awaiting_left.clear();
}

// TM-BALANCE where the thread's life, or the app's run on it, ends: what is open then never
// closes. A thread that ended is forgotten (its id may come again, for a new thread).
void RulesEngine::thread_event(const TraceCall& event)
{
    auto& thread = threads_[event.tid];
    if (!thread.layers.empty())
        report_open_layers(thread, event,
                           event.event == trace::ThreadEvent::ThreadEnded
                               ? "the thread ended"
                               : "the app's run ended on this thread (its Main returned)");
    if (event.event == trace::ThreadEvent::RunEnded) {
        thread.layers.clear();
        thread.letters.clear();
        return;
    }
    if (last_thread_.state == &thread)
        last_thread_.state = nullptr;
    threads_.erase(event.tid);
}

void RulesEngine::finish(bool died)
{
    std::vector<std::int64_t> tids;
    for (const auto& [tid, thread] : threads_)
        if (!thread.layers.empty())
            tids.push_back(tid);
    std::sort(tids.begin(), tids.end());
    for (const auto tid : tids) {
        auto& thread = threads_[tid];
        if (died) {
            crashed_.push_back(
                fmt::format("thread {} died with {} layer(s) open (innermost: seq {})", tid,
                            thread.layers.size(), thread.layers.back().seq));
        } else if (options_.thread_ends) {
            still_running_.push_back(
                fmt::format("thread {} was still running at exit with {} layer(s) open: {}", tid,
                            thread.layers.size(), open_layers(thread)));
        } else {
            TraceCall last;
            last.tid = tid;
            last.seq = thread.layers.back().seq;
            last.call = thread.layers.back().layer == Layer::Unmanaged
                            ? HostCall::LeaveRuntime
                            : HostCall::ReverseEnterRuntime;
            report_open_layers(thread, last, "the trace ends");
        }
    }
}

std::vector<std::string> RulesEngine::failed_rules(bool strict) const
{
    std::vector<std::string> failed;
    for (const auto& rule : kRules) {
        if (rule.level == Level::Warning && !strict)
            continue;
        if (violated_.contains(rule.id))
            failed.emplace_back(rule.id);
    }
    return failed;
}

CheckOptions options_for(const trace::TraceHeader& header)
{
    CheckOptions options;
    options.driver = header.driver;
    options.thread_ends = header.thread_ends;
    return options;
}

} // namespace clrhost::rules
