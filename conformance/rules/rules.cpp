#include "conformance/rules/rules.h"
#include "conformance/protocol/host_answers.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace clrhost::rules {

using trace::TraceCall;
using Layer = EngineState::Layer;

// One call as the rules see it: the call, its thread and the engine's state as the rule's When
// says, and the messages of the violations found.
struct CallView {
    const TraceCall& call;
    const EngineState::ThreadState& thread;
    const EngineState& state;
    std::vector<std::string> found;
    // Violations a failed call explains: reported as warnings whatever the rule's level.
    std::vector<std::string> explained;
};

namespace {

constexpr std::size_t kContextBefore = 4;
constexpr std::uint8_t kContextAfter = 2;

// What the context lines and open layers name a call by: its native symbol, else its method.
std::string site_name(const TraceCall& call)
{
    return call.symbol ? *call.symbol : call.method.value_or(std::string());
}

bool is_reverse(HostCall call)
{
    return call == HostCall::ReverseEnterRuntime || call == HostCall::ReverseLeaveRuntime;
}

// The layer a closing call closes: EnterRuntime a LeaveRuntime, ReverseLeaveRuntime a
// ReverseEnterRuntime; none for the other calls.
std::optional<Layer> closes(HostCall call)
{
    if (call == HostCall::EnterRuntime)
        return Layer::Unmanaged;
    if (call == HostCall::ReverseLeaveRuntime)
        return Layer::Managed;
    return std::nullopt;
}

std::string_view opener_name(Layer layer)
{
    return layer == Layer::Unmanaged ? "LeaveRuntime" : "ReverseEnterRuntime";
}

bool innermost_is(const EngineState::ThreadState& thread, Layer layer)
{
    return !thread.layers.empty() && thread.layers.back().layer == layer;
}

// A target is missing without the note saying why (calli and delegates have none).
void check_target_known(CallView& view)
{
    if (!view.call.target && !view.call.note)
        view.found.push_back(fmt::format("{} without a target, and the trace does not say why",
                                         call_name(view.call.call)));
}

bool asked_just_before(const CallView& view)
{
    return view.thread.hook && view.thread.hook->target == view.call.target.value_or(0);
}

void check_nest(CallView& view)
{
    const auto layer = closes(view.call.call);
    if (!layer || innermost_is(view.thread, *layer))
        return;
    if (view.thread.layers.empty()) {
        if (!view.state.open_elsewhere(view.call.tid, *layer)) // else TM-THREAD
            view.found.push_back(fmt::format("{} closes nothing: no {} is open on this thread",
                                             call_name(view.call.call), opener_name(*layer)));
        return;
    }
    const auto& innermost = view.thread.layers.back();
    view.found.push_back(
        fmt::format("{} while the innermost open layer is the {} of seq {}: brackets cross",
                    call_name(view.call.call), opener_name(innermost.layer), innermost.seq));
}

// An error unless a failed opening call inside the innermost layer explains it: the bridge
// cannot veto a callback (or a P/Invoke) whose opening call failed, so what it runs opens
// inside that layer as the host sees it (expected in fault injection).
void check_alt(CallView& view)
{
    const auto opens_inside = [&](Layer layer) {
        if (!innermost_is(view.thread, layer))
            return;
        const auto& innermost = view.thread.layers.back();
        if (layer == Layer::Managed && innermost.unhooked_inside)
            return; // the callback of a P/Invoke the host declined to hook
        auto message = fmt::format(
            "{} while the thread runs {} code ({} of seq {} is open)", call_name(view.call.call),
            layer == Layer::Unmanaged ? "unmanaged" : "managed", opener_name(layer), innermost.seq);
        if (innermost.failed_opener_inside)
            view.explained.push_back(message + ", after a failed opening call inside it");
        else
            view.found.push_back(std::move(message));
    };
    if (view.call.call == HostCall::LeaveRuntime)
        opens_inside(Layer::Unmanaged);
    else if (view.call.call == HostCall::ReverseEnterRuntime)
        opens_inside(Layer::Managed);
}

void check_target(CallView& view)
{
    const auto& call = view.call;
    const auto& layers = view.thread.layers;
    if (call.call == HostCall::CallNeedsHostHook)
        check_target_known(view);
    if (call.call == HostCall::LeaveRuntime) {
        check_target_known(view);
        if (!call.skipped && view.thread.hook && !asked_just_before(view))
            view.found.push_back(fmt::format("LeaveRuntime's target 0x{:x} is not the 0x{:x} the "
                                             "driver asked CallNeedsHostHook about just before",
                                             call.target.value_or(0), view.thread.hook->target));
    }
    // A driver that names the call site of EnterRuntime must name the one it closes.
    if (call.call == HostCall::EnterRuntime && call.target &&
        innermost_is(view.thread, Layer::Unmanaged) && layers.back().target &&
        layers.back().target != *call.target)
        view.found.push_back(fmt::format("EnterRuntime names target 0x{:x}, but closes the "
                                         "LeaveRuntime of seq {} for 0x{:x}",
                                         *call.target, layers.back().seq, layers.back().target));
}

// The thread's open layers, outermost first, each with what opened it.
std::string open_layers(const EngineState::ThreadState& thread)
{
    std::string text;
    for (const auto& open : thread.layers)
        text += fmt::format("{}{} {} (seq {})", text.empty() ? "" : ", ",
                            open.layer == Layer::Unmanaged ? "LeaveRuntime" : "ReverseEnterRuntime",
                            open.site.empty() ? "-" : open.site, open.seq);
    return text;
}

// At a thread's end, the end of the app's run on it, or (a trace that records neither) the
// trace's end: what is open then never closes.
void check_balance(CallView& view)
{
    const auto& layers = view.thread.layers;
    if (layers.empty())
        return;
    const auto why = !view.call.event ? "the trace ends"
                     : *view.call.event == trace::ThreadEvent::ThreadEnded
                         ? "the thread ended"
                         : "the app's run ended on this thread (its Main returned)";
    view.found.push_back(
        fmt::format("{} with {} layer(s) open: {}", why, layers.size(), open_layers(view.thread)));
}

// The host's answer for the LeaveRuntime's target: the question just before on this thread
// (coreclr asks before every P/Invoke), else an earlier one (other drivers may ask once).
std::optional<bool> hook_answer(const CallView& view)
{
    if (asked_just_before(view))
        return view.thread.hook->answer;
    const auto known = view.state.hook_answers.find(view.call.target.value_or(0));
    return known == view.state.hook_answers.end() ? std::nullopt : std::optional(known->second);
}

void check_hook(CallView& view)
{
    const auto& call = view.call;
    if (call.call == HostCall::CallNeedsHostHook && !call.hook && !call.skipped &&
        succeeded(call.hr))
        view.found.push_back("CallNeedsHostHook returned S_OK without writing its answer");
    // Skipped: the runtime was disabled, and the driver rightly asked nothing. A question about
    // another target is TM-TARGET's.
    if (call.call != HostCall::LeaveRuntime || call.skipped ||
        (view.thread.hook && !asked_just_before(view)))
        return;
    // Both runtime drivers (coreclr, mono) ask CallNeedsHostHook right before each LeaveRuntime.
    const auto& driver = view.state.options.driver;
    if ((driver == "coreclr" || driver == "mono") && !asked_just_before(view))
        view.found.push_back("LeaveRuntime without a CallNeedsHostHook for its target just before");
    else if (hook_answer(view) == false)
        view.found.push_back(
            "LeaveRuntime although CallNeedsHostHook for this target answered FALSE");
}

void check_thread(CallView& view)
{
    const auto layer = closes(view.call.call);
    if (layer && view.thread.layers.empty() && view.state.open_elsewhere(view.call.tid, *layer))
        view.found.push_back(fmt::format("{} on a thread with nothing open, while another thread "
                                         "has a {} open: closed on the wrong thread",
                                         call_name(view.call.call), opener_name(*layer)));
}

// A success code other than S_OK from a reverse call is TM-HR-EXACT's, not TM-HR-CODES'.
bool inexact_success(const TraceCall& call)
{
    return is_reverse(call.call) && call.hr > 0;
}

void check_hr_codes(CallView& view)
{
    const auto& call = view.call;
    if (!call.skipped && !inexact_success(call) && !documented_answer(call.call, call.hr))
        view.found.push_back(fmt::format("{} returned {}, which its documentation does not list",
                                         call_name(call.call), hresult_describe(call.hr)));
}

void check_hr_exact(CallView& view)
{
    const auto& call = view.call;
    if (!call.skipped && inexact_success(call))
        view.found.push_back(
            fmt::format("{} returned {}: a success code other than S_OK counts as a failure",
                        call_name(call.call), hresult_describe(call.hr)));
}

void check_hr_latch(CallView& view)
{
    const auto& call = view.call;
    const auto& state = view.state;
    if (call.skipped || !state.latched_at || call.hr == HOST_E_CLRNOTAVAILABLE)
        return; // skipped: the host was not called, there is no answer of its to judge
    // Another thread's call may have been under way when the E_FAIL came back: it is recorded
    // later but began before, so each other thread's first call after the E_FAIL is let off.
    if (call.tid != state.latched_tid && !state.latch_graced.contains(call.tid))
        return;
    view.found.push_back(fmt::format("{} returned {} after the host's E_FAIL at seq {}",
                                     call_name(call.call), hresult_describe(call.hr),
                                     *state.latched_at));
}

void check_bookkeeping(CallView& view)
{
    if (!view.call.host_layers)
        return; // a host without IHostLayerIntrospection
    const auto& seen = *view.call.host_layers;
    const auto& truth = view.thread.letters;
    if (seen == truth)
        return;
    if (seen == trace::kNoLayersAnswer)
        view.found.push_back(fmt::format(
            "after {} the host's GetCurrentThreadLayers failed: a host that answers "
            "IID_IHostLayerIntrospection must give its layers after every transition call (the "
            "transitions left \"{}\")",
            call_name(view.call.call), truth));
    else
        view.found.push_back(fmt::format(
            "after {} the host sees the layers \"{}\", the transitions left \"{}\" (U: "
            "LeaveRuntime, M: ReverseEnterRuntime, ?: a value that is neither; outermost first)",
            call_name(view.call.call), seen, truth));
}

// What exercises each rule: a call its check can find broken. Checked before the call changes
// the engine's state (After rules: after), like the check itself.
bool is_opener(HostCall call)
{
    return call == HostCall::LeaveRuntime || call == HostCall::ReverseEnterRuntime;
}

bool exercises_nest(const CallView& view)
{
    return closes(view.call.call).has_value();
}

bool exercises_alt(const CallView& view)
{
    return is_opener(view.call.call);
}

bool exercises_target(const CallView& view)
{
    return view.call.call == HostCall::LeaveRuntime || view.call.call == HostCall::EnterRuntime;
}

// Run at a thread's end, its run's end, or the trace's end for a thread (End rules).
bool exercises_balance(const CallView&)
{
    return true;
}

bool exercises_hook(const CallView& view)
{
    return !view.call.skipped && (view.call.call == HostCall::CallNeedsHostHook ||
                                  view.call.call == HostCall::LeaveRuntime);
}

bool exercises_thread(const CallView& view)
{
    return closes(view.call.call).has_value();
}

bool exercises_hr_codes(const CallView& view)
{
    return !view.call.skipped;
}

bool exercises_hr_exact(const CallView& view)
{
    return !view.call.skipped && is_reverse(view.call.call);
}

// A call the host received after its E_FAIL that check_hr_latch judges (not another thread's
// call let off as under way).
bool exercises_hr_latch(const CallView& view)
{
    const auto& state = view.state;
    return !view.call.skipped && state.latched_at &&
           (view.call.tid == state.latched_tid || state.latch_graced.contains(view.call.tid));
}

// A call whose host showed its layers: a host without introspection never does.
bool exercises_bookkeeping(const CallView& view)
{
    return view.call.host_layers.has_value();
}

// Report order. docs/PROTOCOL.md's rule table shows the six text columns (a unit test holds
// it to them); a row whose level is in parentheses there is checked outside this engine.
constexpr std::array kRules{
    Rule{"TM-NEST", Level::Error, Judged::Driver,
         "per thread, `EnterRuntime` closes the innermost open `LeaveRuntime`, "
         "`ReverseLeaveRuntime` the innermost open `ReverseEnterRuntime`; brackets never cross",
         "seed page (nested table)", "checked on every trace", When::Before, check_nest,
         "an `EnterRuntime` or `ReverseLeaveRuntime`", exercises_nest},
    Rule{"TM-ALT", Level::Error, Judged::Driver,
         "`LeaveRuntime` only while the thread runs managed code, `ReverseEnterRuntime` only while"
         " it runs unmanaged code",
         "interpretation of the seed table: the documentation does not say so",
         "checked; after a failed `ReverseEnterRuntime` (not exactly S_OK) the runtime still runs "
         "the callback (the bridge cannot veto), so its P/Invokes leave from inside a "
         "`LeaveRuntime` as the host sees it (likewise a callback inside a failed `LeaveRuntime`):"
         " only that case is a warning, expected in fault injection",
         When::Before, check_alt, "a `LeaveRuntime` or `ReverseEnterRuntime`", exercises_alt},
    Rule{"TM-TARGET", Level::Error, Judged::Driver,
         "`LeaveRuntime`'s target is the native function's address; where unknown, the trace says "
         "why; `EnterRuntime` names the site of the `LeaveRuntime` it closes",
         "`LeaveRuntime` page", "calli and delegates carry no target, with a `note`", When::Before,
         check_target, "a `LeaveRuntime` or `EnterRuntime`", exercises_target},
    Rule{"TM-BALANCE", Level::Error, Judged::Driver,
         "a thread that ends, and the thread whose app run ends (its `Main` returned), has nothing "
         "open",
         "seed page (\"a corresponding call\")",
         "the bridge records a thread's end (profiler `ThreadDestroyed`) and the runner the run's "
         "end (`ThreadEnded`, `RunEnded` in the trace); a thread with neither was still running "
         "when the process exited (a background thread blocked in a native call, the caller of "
         "`Environment.Exit` inside a callback): listed with its open layers, not a violation. A "
         "process that died reports its threads' open layers as a crash. A trace without thread "
         "ends (older, `replay`) is judged at its end, every thread",
         When::End, check_balance,
         "a thread's end, an app run's end, or a trace's end with a thread whose end the trace "
         "cannot record",
         exercises_balance},
    Rule{"TM-HOOK", Level::Error, Judged::HostAndDriver,
         "`LeaveRuntime` only after `CallNeedsHostHook` for that target said TRUE; "
         "`CallNeedsHostHook` writes its answer",
         "`CallNeedsHostHook` page",
         "the bridge asks before every P/Invoke (as x64 .NET Framework does); for other drivers an"
         " earlier answer for the target counts",
         When::Before, check_hook, "a `CallNeedsHostHook` or `LeaveRuntime` the host received",
         exercises_hook},
    Rule{"TM-THREAD", Level::Error, Judged::Driver,
         "a transition is closed on the thread that opened it",
         "pages (\"the currently executing task\")",
         "`EnterRuntime` on a thread with nothing open while another thread has a `LeaveRuntime` "
         "open",
         When::Before, check_thread, "an `EnterRuntime` or `ReverseLeaveRuntime`",
         exercises_thread},
    Rule{"TM-HR-CODES", Level::Error, Judged::Host,
         "a host returns only the documented codes: S_OK, HOST_E_CLRNOTAVAILABLE, HOST_E_TIMEOUT, "
         "HOST_E_NOT_OWNER, HOST_E_ABANDONED, E_FAIL, E_OUTOFMEMORY (not E_OUTOFMEMORY for "
         "`CallNeedsHostHook`)",
         "the method pages", "every host answer", When::Before, check_hr_codes,
         "any call the host received", exercises_hr_codes},
    Rule{"TM-HR-EXACT", Level::Error, Judged::Host,
         "`ReverseEnterRuntime`/`ReverseLeaveRuntime` succeed only with exactly S_OK",
         "runtime (old source: anything but S_OK fails)",
         "S_FALSE is reported; the bridge treats it as a failure", When::Before, check_hr_exact,
         "a reverse call the host received", exercises_hr_exact},
    Rule{"TM-HR-LATCH", Level::Error, Judged::Host,
         "after a host returned E_FAIL, its later calls return HOST_E_CLRNOTAVAILABLE",
         "the pages (\"the CLR is no longer usable\")",
         "the bridge calls a host no more after its E_FAIL and records later transitions "
         "`\"skipped\": true`; the latch itself is checked by `replay`",
         When::Before, check_hr_latch,
         "a call the host received after it returned E_FAIL (no scenario makes one: the exerciser "
         "does)",
         exercises_hr_latch},
    Rule{"TM-BOOKKEEPING", Level::Error, Judged::Host,
         "a host that shows its bookkeeping (`IHostLayerIntrospection`) sees each thread's open "
         "layers as the transitions left them",
         "this suite (issue: host plug-in ABI)",
         "checked after every transition call of a host that answers the interface", When::After,
         check_bookkeeping,
         "a transition call of a host that showed its layers (`host_layers` in the trace): never "
         "for a host without introspection",
         exercises_bookkeeping},
    // Judged outside the engine: no call of a trace shows them.
    Rule{"TM-LASTERROR", Level::Error, Judged::Driver,
         "a host's `EnterRuntime` cannot change the errno managed code reads",
         "runtime (old source)",
         "the `set-last-error` scenario's app checks it (exit 3: `app_checks` in its "
         "scenario.json) against a host that changes errno in every transition call; the "
         "bridge's guard alone: `BridgeTest.TheHostCannotChangeErrno` (see coreclr notes)",
         When::Outside, nullptr, "the `set-last-error` scenario's app, run to its end", nullptr},
    Rule{"TM-FAILURE", Level::Error, Judged::Driver,
         "when a host call fails, the driver reacts as the runtime documents", "runtime",
         "see below; `faults` checks it on every injection (`run` never injects: NOT EXERCISED "
         "there)",
         When::Outside, nullptr, "`faults`: every injection", nullptr},
};

} // namespace

std::span<const Rule> all_rules()
{
    return kRules;
}

const Rule* find_rule(std::string_view id)
{
    const auto it = std::find_if(kRules.begin(), kRules.end(), [&](auto& r) { return r.id == id; });
    return it == kRules.end() ? nullptr : &*it;
}

std::string_view level_name(Level level)
{
    return level == Level::Error ? "error" : "warning";
}

std::string_view judged_name(Judged judged)
{
    switch (judged) {
    case Judged::Host:
        return "host";
    case Judged::Driver:
        return "driver";
    case Judged::HostAndDriver:
        return "host, driver";
    }
    return "?";
}

std::set<std::string, std::less<>> host_rules()
{
    std::set<std::string, std::less<>> ids;
    for (const auto& rule : kRules)
        if (rule.judged == Judged::Host)
            ids.emplace(rule.id);
    return ids;
}

std::string protocol_row(const Rule& rule)
{
    return fmt::format("| {} | {} | {} | {} | {} | {} | {} |", rule.id, level_name(rule.level),
                       judged_name(rule.judged), rule.statement, rule.source, rule.coreclr,
                       rule.exercised_when);
}

bool EngineState::open_elsewhere(std::int64_t tid, Layer layer) const
{
    return std::any_of(threads.begin(), threads.end(), [&](const auto& item) {
        return item.first != tid && innermost_is(item.second, layer);
    });
}

RulesEngine::RulesEngine(CheckOptions options)
{
    state_.options = std::move(options);
}

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

void RulesEngine::report(ThreadState& thread, const TraceCall& call, const Rule& rule,
                         std::string message, Level level)
{
    ++counted_;
    (level == Level::Error ? errors_ : warnings_) += 1;
    (level == Level::Error ? violated_ : warned_).emplace(rule.id);
    if (kept_.size() >= state_.options.max_violations_kept)
        return;
    Violation violation{std::string(rule.id), level, call.tid, call.seq, std::move(message), {}};
    for (const auto& entry : thread.recent)
        violation.context.push_back(context_line(entry, false));
    kept_.push_back(std::move(violation));
    thread.awaiting_context.push_back(kept_.size() - 1);
    thread.awaiting_left.push_back(kContextAfter + 1); // the call itself, then the ones after
}

void RulesEngine::run_rules(When when, const TraceCall& call, ThreadState& thread)
{
    for (const auto& rule : kRules) {
        if (rule.when != when)
            continue;
        CallView view{call, thread, state_, {}, {}};
        if (rule.exercises(view))
            exercised_.emplace(rule.id);
        rule.check(view);
        for (auto& message : view.found)
            report(thread, call, rule, std::move(message), rule.level);
        for (auto& message : view.explained)
            report(thread, call, rule, std::move(message), Level::Warning);
    }
}

void RulesEngine::close(ThreadState& thread, Layer layer)
{
    // Recover as a host would have to: close down to the matching layer, if there is one.
    const auto match = std::find_if(thread.layers.rbegin(), thread.layers.rend(),
                                    [&](const auto& open) { return open.layer == layer; });
    if (match == thread.layers.rend())
        return;
    thread.layers.erase(std::prev(match.base()), thread.layers.end());
    thread.letters.resize(thread.layers.size());
}

// What the call changes: the host's latch, its hook answers, the thread's open layers.
void RulesEngine::apply(const TraceCall& call, ThreadState& thread)
{
    if (!call.skipped && state_.latched_at && call.tid != state_.latched_tid)
        state_.latch_graced.insert(call.tid);
    if (!call.skipped && call.hr == E_FAIL && !state_.latched_at) {
        state_.latched_at = call.seq;
        state_.latched_tid = call.tid;
    }
    const auto target = call.target.value_or(0);
    if (call.call == HostCall::GetCurrentTask)
        return; // outside the brackets: leaves a pending CallNeedsHostHook answer alone
    if (call.call == HostCall::CallNeedsHostHook) {
        thread.hook = EngineState::PendingHook{target, call.hook.value_or(false)};
        state_.hook_answers[target] = call.hook.value_or(false);
        if (!call.hook.value_or(false) && !thread.layers.empty())
            thread.layers.back().unhooked_inside = true;
        return; // the pending answer is for the next call on this thread
    }
    // A failed LeaveRuntime opened nothing: the runtime calls no EnterRuntime for it; a
    // ReverseEnterRuntime that did not return exactly S_OK failed: no ReverseLeaveRuntime follows.
    const bool opened =
        call.call == HostCall::LeaveRuntime
            ? call.skipped || succeeded(call.hr)
            : call.call == HostCall::ReverseEnterRuntime && (call.skipped || call.hr == S_OK);
    const bool opener =
        call.call == HostCall::LeaveRuntime || call.call == HostCall::ReverseEnterRuntime;
    if (opener && !opened && !thread.layers.empty())
        thread.layers.back().failed_opener_inside = true;
    if (opened) {
        const auto layer = call.call == HostCall::LeaveRuntime ? Layer::Unmanaged : Layer::Managed;
        thread.layers.push_back({layer, call.seq, layer == Layer::Unmanaged ? target : 0,
                                 site_name(call), false, false});
        thread.letters.push_back(layer == Layer::Unmanaged ? 'U' : 'M');
    }
    if (const auto layer = closes(call.call))
        close(thread, *layer);
    thread.hook.reset();
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
        last_thread_.state = &state_.threads[call.tid];
        last_thread_.tid = call.tid;
    }
    auto& thread = *last_thread_.state;
    const auto kept_before = kept_.size();
    run_rules(When::Before, call, thread);
    apply(call, thread);
    run_rules(When::After, call, thread);

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

// The End rules (TM-BALANCE) on a thread at call `at`: its end, its run's end, the trace's end.
void RulesEngine::run_end_rules(const TraceCall& at, ThreadState& thread)
{
    run_rules(When::End, at, thread);
    thread.awaiting_context.clear();
    thread.awaiting_left.clear();
}

// Where the thread's life, or the app's run on it, ends. A thread that ended is forgotten (its
// id may come again, for a new thread).
void RulesEngine::thread_event(const TraceCall& event)
{
    auto& thread = state_.threads[event.tid];
    run_end_rules(event, thread);
    if (event.event == trace::ThreadEvent::RunEnded) {
        thread.layers.clear();
        thread.letters.clear();
        return;
    }
    if (last_thread_.state == &thread)
        last_thread_.state = nullptr;
    state_.threads.erase(event.tid);
}

void RulesEngine::finish(bool died)
{
    // Without thread ends the trace's end judges every thread it saw, closed ones too.
    if (!died && !state_.options.thread_ends && !state_.threads.empty())
        exercised_.emplace("TM-BALANCE");
    std::vector<std::int64_t> tids;
    for (const auto& [tid, thread] : state_.threads)
        if (!thread.layers.empty())
            tids.push_back(tid);
    std::sort(tids.begin(), tids.end());
    for (const auto tid : tids) {
        auto& thread = state_.threads[tid];
        if (died) {
            crashed_.push_back(
                fmt::format("thread {} died with {} layer(s) open (innermost: seq {})", tid,
                            thread.layers.size(), thread.layers.back().seq));
            continue;
        }
        if (state_.options.thread_ends) {
            still_running_.push_back(
                fmt::format("thread {} was still running at exit with {} layer(s) open: {}", tid,
                            thread.layers.size(), open_layers(thread)));
            continue;
        }
        // The End rules judge the thread as its innermost opening call left it.
        TraceCall last;
        last.tid = tid;
        last.seq = thread.layers.back().seq;
        last.call = thread.layers.back().layer == Layer::Unmanaged ? HostCall::LeaveRuntime
                                                                   : HostCall::ReverseEnterRuntime;
        run_end_rules(last, thread);
    }
}

std::vector<std::string> RulesEngine::failed_rules(bool strict) const
{
    std::vector<std::string> failed;
    for (const auto& rule : kRules) {
        const bool as_error = violated_.contains(rule.id) && rule.level == Level::Error;
        if (as_error || (strict && (violated_.contains(rule.id) || warned_.contains(rule.id))))
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
