// The protocol rules (DESIGN.md; docs/PROTOCOL.md says where each comes from) and the engine
// that checks a trace against them in one linear pass, per thread, with memory that depends on
// the number of threads and their nesting depth, never on the trace's length.
#pragma once

#include "conformance/trace/trace_call.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clrhost::rules {

enum class Level { Error, Warning };

struct RuleInfo {
    std::string_view id;
    Level level;
    std::string_view statement;
};

// Every rule the engine checks, in report order.
const std::vector<RuleInfo>& all_rules();
const RuleInfo* find_rule(std::string_view id);
std::string_view level_name(Level level);

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

class RulesEngine {
public:
    explicit RulesEngine(CheckOptions options = {});

    void check(const trace::TraceCall& call);
    // End of the trace: TM-BALANCE. died: the process died mid-scenario, so open layers are
    // reported as a crash (crashed_threads()), not as violations. With thread_ends, a thread
    // that neither ended nor ended the run was still running: listed in still_running().
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

private:
    enum class Layer : std::uint8_t { Unmanaged, Managed }; // opened by Leave / ReverseEnter
    struct OpenLayer {
        Layer layer;
        std::uint64_t seq;
        std::uint64_t target;
        std::string site; // the symbol or method, for the lines that name it
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

    void report(ThreadState& thread, const trace::TraceCall& call, std::string_view rule,
                std::string message);
    void check_result(const trace::TraceCall& call, ThreadState& thread);
    void check_transition(const trace::TraceCall& call, ThreadState& thread);
    void close(const trace::TraceCall& call, ThreadState& thread, Layer layer);
    void check_bookkeeping(const trace::TraceCall& call, ThreadState& thread);
    void thread_event(const trace::TraceCall& event);
    void report_open_layers(ThreadState& thread, const trace::TraceCall& at, std::string_view why);
    static std::string open_layers(const ThreadState& thread);
    bool open_elsewhere(std::int64_t tid, Layer layer) const;
    ContextEntry entry_for(const trace::TraceCall& call, const ThreadState& thread) const;
    static std::string context_line(const ContextEntry& entry, bool marked);

    CheckOptions options_;
    std::unordered_map<std::int64_t, ThreadState> threads_;
    // threads_[tid] of the last call. A copy or move of the engine starts without it: it points
    // into the map it was taken from.
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
    std::unordered_map<std::uint64_t, bool> hook_answers_; // target -> the host's last answer
    std::optional<std::uint64_t> latched_at_;              // seq of the first E_FAIL
    std::int64_t latched_tid_ = 0;
    std::set<std::int64_t> latch_graced_; // threads whose in-flight call was let off
    std::vector<Violation> kept_;
    std::uint64_t counted_ = 0, errors_ = 0, warnings_ = 0, calls_ = 0;
    std::vector<std::string> crashed_;
    std::vector<std::string> still_running_;
    std::set<std::string, std::less<>> violated_;
};

} // namespace clrhost::rules
