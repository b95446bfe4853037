// The protocol rules (docs/PROTOCOL.md states each and where it comes from) and the engine
// that checks a trace against them in one linear pass, per thread, with memory that depends on
// the number of threads and their nesting depth, never on the trace's length.
#pragma once

#include "conformance/trace/trace_call.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clrhost::rules {

enum class Level { Error, Warning };

// Whose conduct a violation blames. The host is judged by its own answers; the driver by the
// calls it makes (which follow from the runtime and the host's earlier answers). A replay feeds
// a host the trace's calls whatever it answers, so it judges a host only by Host rules.
enum class Judged { Host, Driver, HostAndDriver };

// When a rule looks at a call: before the call opens or closes a layer on its thread, after it
// did, or once per thread left with open layers at the end of the trace. Outside: no call shows
// it; something else judges it (a scenario's app, `faults`), and the engine never runs it.
enum class When { Before, After, End, Outside };

struct CallView; // one call, and the state of the engine a rule judges it by (rules.cpp)

// One rule: its row of docs/PROTOCOL.md's rule table and its check. The check adds a message to
// the view for each violation of the rule it finds in the call.
struct Rule {
    std::string_view id;
    Level level;
    Judged judged;
    std::string_view statement; // the table's columns, as Markdown
    std::string_view source;
    std::string_view coreclr; // what the coreclr driver does about it
    When when;
    void (*check)(CallView& view); // null for a rule judged outside the engine
    // When a call exercises the rule (a trace none of whose calls does cannot show it broken:
    // NOT EXERCISED, never PASS), in words for docs/PROTOCOL.md and as a test on the call the
    // check sees. Each row's test sits next to its check.
    std::string_view exercised_when;
    bool (*exercises)(const CallView& view); // null for a rule judged outside the engine
};

// Every rule the engine checks, in report order.
std::span<const Rule> all_rules();
const Rule* find_rule(std::string_view id);
std::string_view level_name(Level level);
std::string_view judged_name(Judged level);
// The rules that judge the host alone (what a replay, which makes the calls itself, checks).
std::set<std::string, std::less<>> host_rules();
// The rule's row in docs/PROTOCOL.md's rule table.
std::string protocol_row(const Rule& rule);

struct Violation {
    std::string rule;
    Level level = Level::Error;
    std::int64_t tid = 0;
    std::uint64_t seq = 0;
    std::string message;
    std::vector<std::string> context; // the thread's calls around it, with the layers open
};

struct CheckOptions {
    std::string driver = "coreclr";        // the trace header's: some rules are driver properties
    std::size_t max_violations_kept = 200; // all are counted; this many are kept with context
    // The trace records thread ends (its header's thread_ends): TM-BALANCE judges a thread when
    // it ends or its app run ends, and lists the threads still running at the end instead.
    bool thread_ends = false;
};

// The options a trace's header asks for: its driver, whether it records thread ends.
CheckOptions options_for(const trace::TraceHeader& header);

// What the rules judge a call by: each thread's open layers and pending hook answer, the
// host's answers so far. The engine keeps it; the rules only read it.
struct EngineState {
    enum class Layer : std::uint8_t { Unmanaged, Managed }; // opened by Leave / ReverseEnter
    struct OpenLayer {
        Layer layer;
        std::uint64_t seq;
        std::uint64_t target;
        std::string site; // the symbol or method, for the lines that name it
        // An opening call failed while this layer was innermost (a ReverseEnterRuntime not
        // exactly S_OK, a failed LeaveRuntime): the runtime ran the callback or the native code
        // all the same, so its transitions open inside this layer as the host sees it (TM-ALT).
        bool failed_opener_inside = false;
        // A CallNeedsHostHook answered FALSE while this layer was innermost: that P/Invoke
        // opened nothing, so a callback from it enters inside this layer, legally.
        bool unhooked_inside = false;
    };
    struct ContextEntry {
        std::uint64_t seq;
        HostCall call;
        std::uint64_t target;
        HRESULT hr;
        std::uint16_t depth;
        std::array<Layer, 4> top; // innermost layers, for the context line
        std::string site;         // the call's symbol, else its method
        std::optional<trace::ThreadEvent> event;
    };
    struct PendingHook {
        std::uint64_t target;
        bool answer;
    };
    struct ThreadState {
        std::vector<OpenLayer> layers;
        std::string letters; // layers as host_layers writes them ("UM": outermost first)
        std::deque<ContextEntry> recent;
        std::optional<PendingHook> hook; // the CallNeedsHostHook just before, on this thread
        std::vector<std::size_t> awaiting_context; // kept violations wanting following calls
        std::vector<std::uint8_t> awaiting_left;
    };

    bool open_elsewhere(std::int64_t tid, Layer layer) const;

    CheckOptions options;
    std::unordered_map<std::int64_t, ThreadState> threads;
    std::unordered_map<std::uint64_t, bool> hook_answers; // target -> the host's last answer
    std::optional<std::uint64_t> latched_at;              // seq of the first E_FAIL
    std::int64_t latched_tid = 0;
    std::set<std::int64_t> latch_graced; // threads whose in-flight call was let off
};

class RulesEngine {
public:
    explicit RulesEngine(CheckOptions options = {});

    void check(const trace::TraceCall& call);
    // End of the trace: the End rules (TM-BALANCE). died: the process died mid-scenario, so
    // open layers are reported as a crash (crashed_threads()), not as violations. With
    // thread_ends, a thread that neither ended nor ended the run was still running: listed in
    // still_running().
    void finish(bool died = false);

    const std::vector<Violation>& violations() const noexcept { return kept_; }
    std::uint64_t violation_count() const noexcept { return counted_; }
    std::uint64_t errors() const noexcept { return errors_; }
    std::uint64_t warnings() const noexcept { return warnings_; }
    std::uint64_t calls_checked() const noexcept { return calls_; }
    const std::vector<std::string>& crashed_threads() const noexcept { return crashed_; }
    // Threads still running at the end with layers open, one line each: information, no rule.
    const std::vector<std::string>& still_running() const noexcept { return still_running_; }
    // Rule ids that were violated, each once, in report order.
    std::vector<std::string> failed_rules(bool strict) const;
    // Whether some call (or thread end) of the trace exercised the rule (Rule::exercises).
    bool exercised(std::string_view id) const { return exercised_.contains(id); }

private:
    using Layer = EngineState::Layer;
    using ThreadState = EngineState::ThreadState;
    using ContextEntry = EngineState::ContextEntry;

    void run_rules(When when, const trace::TraceCall& call, ThreadState& thread);
    void report(ThreadState& thread, const trace::TraceCall& call, const Rule& rule,
                std::string message, Level level);
    void apply(const trace::TraceCall& call, ThreadState& thread);
    void close(ThreadState& thread, Layer layer);
    void thread_event(const trace::TraceCall& event);
    void run_end_rules(const trace::TraceCall& at, ThreadState& thread);
    ContextEntry entry_for(const trace::TraceCall& call, const ThreadState& thread) const;
    static std::string context_line(const ContextEntry& entry, bool marked);

    EngineState state_;
    // state_.threads[tid] of the last call. A copy or move of the engine starts without it: it
    // points into the map it was taken from.
    struct LastThread {
        std::int64_t tid = 0;
        ThreadState* state = nullptr;
        LastThread() = default;
        LastThread(const LastThread&) {}
        LastThread& operator=(const LastThread&)
        {
            state = nullptr;
            return *this;
        }
    };
    LastThread last_thread_;
    std::vector<Violation> kept_;
    std::uint64_t counted_ = 0, errors_ = 0, warnings_ = 0, calls_ = 0;
    std::vector<std::string> crashed_;
    std::vector<std::string> still_running_;
    std::set<std::string, std::less<>> violated_; // at the rule's level
    std::set<std::string, std::less<>> warned_;   // only as warnings a failed call explains
    std::set<std::string, std::less<>> exercised_;
};

} // namespace clrhost::rules
