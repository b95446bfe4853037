// libFuzzer target: the rules engine over call sequences decoded from bytes. The first byte picks
// the mode and the engine's options:
//   mode 0  any sequence of calls (threads, kinds, targets, HRESULTs, hook answers or none,
//           skipped calls, the host's layers, notes, raw strings): the engine's bookkeeping
//           stays consistent; the calls also go through the writer and the reader, and an
//           engine fed what the reader gave back reaches the same verdict.
//   mode 1  a conforming sequence, built by a walk that only takes legal steps (per thread:
//           nested Leave/ReverseEnter brackets, hook questions, native entries, calls whose
//           target is unknown with the reason): the engine must find no violation at all.
//   mode 2  the rest of the input is a trace file: reader, then engine, as `check` does.
// Byte 0: bits 0-1 mode, bit 2 driver coreclr (else replay), bit 3 the process died,
// bits 4-6 how many violations the engine keeps with context (0-7).
#include "conformance/fuzz/fuzz_check.h"
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"

#include <clrhost/hresult.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace clrhost;
using trace::TraceCall;

namespace {

class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return size_ == 0; }
    std::uint8_t u8()
    {
        if (size_ == 0)
            return 0;
        --size_;
        return *data_++;
    }
    std::uint64_t u64(int bytes)
    {
        std::uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value = (value << 8) | u8();
        return value;
    }
    std::string string(std::size_t at_most)
    {
        const auto n = std::min<std::size_t>(u8() % (at_most + 1), size_);
        std::string text(reinterpret_cast<const char*>(data_), n);
        data_ += n;
        size_ -= n;
        return text;
    }
    std::string rest() { return string_of(size_); }

private:
    std::string string_of(std::size_t n)
    {
        std::string text(reinterpret_cast<const char*>(data_), n);
        data_ += n;
        size_ -= n;
        return text;
    }
    const std::uint8_t* data_;
    std::size_t size_;
};

constexpr std::array<HRESULT, 7> kResults{
    S_OK, E_FAIL, HOST_E_CLRNOTAVAILABLE, S_FALSE, HOST_E_TIMEOUT, E_OUTOFMEMORY, HOST_E_DEADLOCK};
constexpr std::array<std::int64_t, 4> kTids{1, 2, 3, -1};
constexpr std::array<std::uint64_t, 3> kTargets{0x1000, 0x2000, 0};

struct Options {
    int mode;
    rules::CheckOptions check;
    bool died;
};

Options options_from(std::uint8_t byte)
{
    Options options;
    options.mode = byte & 3;
    options.check.driver = byte & 4 ? "coreclr" : "replay";
    options.died = byte & 8;
    options.check.max_violations_kept = (byte >> 4) & 7;
    options.check.thread_ends = byte & 0x80;
    return options;
}

// Mode 0: one call, any shape.
TraceCall decode_call(Bytes& in, std::uint64_t& seq)
{
    TraceCall call;
    const auto shape = in.u8();
    const auto flags = in.u8();
    call.call = static_cast<HostCall>(shape % 6);
    call.tid = kTids[(shape >> 3) % kTids.size()];
    call.seq = flags & 0x80 ? in.u64(8) : seq++;
    if ((shape & 0x27) == 0x27) { // a thread's event: seq and tid, nothing else
        call.event = flags & 1 ? trace::ThreadEvent::RunEnded : trace::ThreadEvent::ThreadEnded;
        return call;
    }
    if (flags & 1) {
        const auto pick = in.u8();
        call.target = pick < 3 * 64 ? kTargets[pick % kTargets.size()] : in.u64(8);
    }
    const std::size_t result = (flags >> 1) & 7;
    call.hr = result < kResults.size() ? kResults[result] : static_cast<HRESULT>(in.u64(4));
    if (call.call == HostCall::CallNeedsHostHook && !(shape & 0x20)) // else: the host wrote none
        call.hook = flags & 0x10;
    call.framework = flags & 0x20;
    call.origin_unknown = !call.framework && (shape & 0x07) == 0x06;
    call.skipped = shape & 0x40;
    if (shape & 0x80) { // the host's view of its layers (U, M, ? neither; ! no answer)
        const auto layers = in.u8();
        call.host_layers.emplace();
        if ((layers & 7) == 7) // no answer
            call.host_layers = std::string(trace::kNoLayersAnswer);
        for (int i = 0; i < (layers & 7) && (layers & 7) != 7; ++i)
            call.host_layers->push_back(i == 5              ? trace::kUnknownLayer
                                        : layers & (8 << i) ? 'M'
                                                            : 'U');
    }
    if (flags & 0x40) {
        const auto strings = in.u8();
        if (strings & 1)
            call.note = in.string(16);
        if (strings & 2)
            call.symbol = in.string(16);
        if (strings & 4)
            call.library = in.string(16);
        if (strings & 8)
            call.method = in.string(16);
        if (strings & 16)
            call.assembly = in.string(16);
    }
    return call;
}

std::size_t host_calls(const std::vector<TraceCall>& calls)
{
    return static_cast<std::size_t>(
        std::count_if(calls.begin(), calls.end(), [](const auto& call) { return !call.event; }));
}

bool is_ascii(const std::optional<std::string>& text)
{
    if (!text)
        return true;
    // Strings of ASCII survive byte for byte; others may hold bytes the writer replaces.
    for (const unsigned char c : *text)
        if (c >= 0x80)
            return false;
    return true;
}

// The engine's own accounts must agree whatever it was fed.
void check_engine(const rules::RulesEngine& engine, const Options& options, std::size_t calls)
{
    CLRHOST_FUZZ_CHECK(engine.calls_checked() == calls, "{} calls checked of {}",
                       engine.calls_checked(), calls);
    CLRHOST_FUZZ_CHECK(engine.errors() + engine.warnings() == engine.violation_count(),
                       "{} errors + {} warnings != {} violations", engine.errors(),
                       engine.warnings(), engine.violation_count());
    CLRHOST_FUZZ_CHECK(
        engine.violations().size() ==
            std::min<std::uint64_t>(engine.violation_count(), options.check.max_violations_kept),
        "kept {} violations of {} with a limit of {}", engine.violations().size(),
        engine.violation_count(), options.check.max_violations_kept);
    std::set<std::string> kept_rules;
    for (const auto& violation : engine.violations()) {
        const auto* rule = rules::find_rule(violation.rule);
        CLRHOST_FUZZ_CHECK(rule, "unknown rule {}", violation.rule);
        // A violation a failed call explains is a warning whatever its rule's level (TM-ALT).
        CLRHOST_FUZZ_CHECK(
            rule->level == violation.level ||
                (violation.rule == "TM-ALT" && violation.level == rules::Level::Warning),
            "{} at the wrong level", violation.rule);
        CLRHOST_FUZZ_CHECK(!violation.message.empty(), "{} without a message", violation.rule);
        CLRHOST_FUZZ_CHECK(violation.context.size() <= 4 + 1 + 2, "{} lines of context for {}",
                           violation.context.size(), violation.rule);
        std::size_t marked = 0;
        for (const auto& line : violation.context)
            marked += line.starts_with(">>");
        // An End rule judges no call of the trace: none of its context lines is marked.
        CLRHOST_FUZZ_CHECK(marked == (rule->when == rules::When::End ? 0u : 1u),
                           "{} context lines marked for {}", marked, violation.rule);
        kept_rules.insert(violation.rule);
    }
    const auto strict = engine.failed_rules(true);
    const auto lenient = engine.failed_rules(false);
    const std::set<std::string> strict_set(strict.begin(), strict.end());
    CLRHOST_FUZZ_CHECK(strict_set.size() == strict.size(), "a failed rule listed twice");
    for (const auto& rule : lenient)
        CLRHOST_FUZZ_CHECK(strict_set.contains(rule), "{} fails only when not strict", rule);
    for (const auto& rule : kept_rules)
        CLRHOST_FUZZ_CHECK(strict_set.contains(rule), "{} kept but not failed", rule);
    CLRHOST_FUZZ_CHECK(strict.empty() == (engine.violation_count() == 0),
                       "violations without a failed rule, or the other way round");
    CLRHOST_FUZZ_CHECK(options.died || engine.crashed_threads().empty(),
                       "crashed threads although the process did not die");
    CLRHOST_FUZZ_CHECK((options.check.thread_ends && !options.died) ||
                           engine.still_running().empty(),
                       "threads still running in a trace that does not record thread ends");
}

// What the engine concluded. With texts: its messages and context lines too, which name the
// calls' symbols and methods; without: only which rule broke where, for calls whose strings the
// writer had to repair (bytes that are not UTF-8), which then name their sites otherwise.
std::vector<std::string> verdict(const rules::RulesEngine& engine, bool texts)
{
    std::vector<std::string> lines = engine.failed_rules(true);
    for (const auto& violation : engine.violations()) {
        lines.push_back(fmt::format("{} {} {} {}", violation.rule, violation.tid, violation.seq,
                                    texts ? violation.message : std::string()));
        if (texts)
            lines.insert(lines.end(), violation.context.begin(), violation.context.end());
    }
    if (!texts) {
        lines.push_back(fmt::format("{} crashed, {} still running", engine.crashed_threads().size(),
                                    engine.still_running().size()));
        return lines;
    }
    lines.insert(lines.end(), engine.crashed_threads().begin(), engine.crashed_threads().end());
    lines.insert(lines.end(), engine.still_running().begin(), engine.still_running().end());
    return lines;
}

void any_sequence(Bytes& in, const Options& options)
{
    std::vector<TraceCall> calls;
    std::vector<bool> exact;
    std::uint64_t seq = 0;
    while (!in.empty() && calls.size() < 256) {
        calls.push_back(decode_call(in, seq));
        const auto& call = calls.back();
        exact.push_back(is_ascii(call.symbol) && is_ascii(call.library) && is_ascii(call.method) &&
                        is_ascii(call.assembly) && is_ascii(call.note));
    }
    rules::RulesEngine engine(options.check);
    for (const auto& call : calls)
        engine.check(call);
    engine.finish(options.died);
    check_engine(engine, options, host_calls(calls));
    rules::RulesEngine engine_after_format(options.check);
    for (const auto& call : fuzz::round_trip(calls, exact))
        engine_after_format.check(call);
    engine_after_format.finish(options.died);
    const bool texts = std::all_of(exact.begin(), exact.end(), [](bool each) { return each; });
    CLRHOST_FUZZ_CHECK(verdict(engine, texts) == verdict(engine_after_format, texts),
                       "the verdict changed when the calls went through the trace format");
}

// Mode 1: only legal steps. Every call answers S_OK; the host says yes to each hook it is asked
// about unless the step is a declined question (the runtime then skips the hooks).
void conforming_walk(Bytes& in, const Options& options)
{
    enum class Layer { Unmanaged, Managed };
    struct Open {
        Layer layer;
        std::optional<std::uint64_t> target;
    };
    std::map<std::int64_t, std::vector<Open>> threads;
    std::vector<TraceCall> calls;
    auto emit = [&](std::int64_t tid, HostCall kind, std::optional<std::uint64_t> target) {
        TraceCall call;
        call.seq = calls.size();
        call.tid = tid;
        call.call = kind;
        call.target = target;
        if (!target && (kind == HostCall::CallNeedsHostHook || kind == HostCall::LeaveRuntime))
            call.note = "calli: the target is not known";
        if (kind == HostCall::CallNeedsHostHook)
            call.hook = true;
        calls.push_back(std::move(call));
        return &calls.back();
    };
    while (!in.empty() && calls.size() < 2048) {
        const auto step = in.u8();
        const std::int64_t tid = 100 + (step & 7);
        auto& open = threads[tid];
        const auto target = [&]() -> std::optional<std::uint64_t> {
            const auto pick = (step >> 5) & 3;
            if (pick == 3)
                return std::nullopt; // a call site whose target the driver cannot know
            return 0x7000 + pick;
        }();
        switch ((step >> 3) & 3) {
        case 0: // a P/Invoke, from managed code (or a thread with nothing open)
            if (!open.empty() && open.back().layer == Layer::Unmanaged)
                break;
            emit(tid, HostCall::CallNeedsHostHook, target);
            emit(tid, HostCall::LeaveRuntime, target);
            open.push_back({Layer::Unmanaged, target});
            break;
        case 1: // a call into managed code, from native code (or a native entry)
            if (!open.empty() && open.back().layer == Layer::Managed)
                break;
            emit(tid, HostCall::ReverseEnterRuntime, std::nullopt);
            open.push_back({Layer::Managed, std::nullopt});
            break;
        case 2: // the innermost bracket returns
            if (open.empty())
                break;
            if (open.back().layer == Layer::Unmanaged)
                emit(tid, HostCall::EnterRuntime, step & 0x80 ? open.back().target : std::nullopt);
            else
                emit(tid, HostCall::ReverseLeaveRuntime, std::nullopt);
            open.pop_back();
            break;
        case 3: // outside the brackets: the task, or a hook question the host declines
            if (step & 0x80) {
                emit(tid, HostCall::GetCurrentTask, std::nullopt);
            } else if (open.empty() || open.back().layer == Layer::Managed) {
                emit(tid, HostCall::CallNeedsHostHook, target)->hook = false;
            }
            break;
        }
    }
    // The scenario ends: every bracket returns, innermost first, unless the trace records
    // thread ends: then a thread may also still be running at the end, its layers open.
    const bool left_running = options.check.thread_ends && (calls.size() & 1);
    if (!options.died && !left_running)
        for (auto& [tid, open] : threads)
            for (; !open.empty(); open.pop_back())
                emit(tid,
                     open.back().layer == Layer::Unmanaged ? HostCall::EnterRuntime
                                                           : HostCall::ReverseLeaveRuntime,
                     std::nullopt);
    rules::RulesEngine engine(options.check);
    for (const auto& call : calls)
        engine.check(call);
    engine.finish(options.died);
    check_engine(engine, options, calls.size());
    CLRHOST_FUZZ_CHECK(engine.violation_count() == 0,
                       "a conforming sequence of {} calls was rejected: {}", calls.size(),
                       engine.violations().empty()
                           ? std::string("(none kept)")
                           : engine.violations().front().rule + " seq " +
                                 std::to_string(engine.violations().front().seq) + ": " +
                                 engine.violations().front().message);
    std::size_t open_threads = 0;
    for (const auto& [tid, open] : threads)
        open_threads += !open.empty();
    const auto& reported = options.died ? engine.crashed_threads() : engine.still_running();
    CLRHOST_FUZZ_CHECK(reported.size() == open_threads,
                       "{} threads reported crashed or still running, {} had layers open",
                       reported.size(), open_threads);
}

void trace_text(Bytes& in, Options options)
{
    std::istringstream text(in.rest());
    try {
        trace::TraceReader reader(text);
        options.check.driver = reader.header().driver;
        rules::RulesEngine engine(options.check);
        options.check.thread_ends = reader.header().thread_ends;
        std::size_t calls = 0;
        while (const auto call = reader.next()) {
            engine.check(*call);
            calls += call->event ? 0 : 1;
        }
        engine.finish(options.died);
        check_engine(engine, options, calls);
    } catch (const trace::TraceFormatError&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    Bytes in(data, size);
    const auto options = options_from(in.u8());
    switch (options.mode) {
    case 0:
    case 3:
        any_sequence(in, options);
        break;
    case 1:
        conforming_walk(in, options);
        break;
    case 2:
        trace_text(in, options);
        break;
    }
    return 0;
}
