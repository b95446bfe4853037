// The verdict on one scenario run: how the process ended, the app's calls against the
// scenario's expectation, and the rules over the whole trace.
#pragma once

#include "conformance/rules/rules.h"
#include "conformance/scenario/scenario.h"
#include "conformance/verdict/child_process.h"
#include "conformance/verdict/run_record.h"

#include <clrhost/hosting_abi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clrhost::cli {

enum class Result { Pass, Fail, Crash, Hang, Error };
std::string_view result_name(Result result);

// One app call as the reports draw it, expected or recorded.
struct DrawnCall {
    std::string text{};          // scenario::describe(), without the skipped mark
    std::optional<HRESULT> hr{}; // recorded, not skipped: the host's answer
    bool skipped = false;        // the bridge did not call the host: it had disabled the runtime
    std::uint64_t seq = 0;       // recorded: the trace's seq
    // Recorded: what the verdict faults at this call, "TM-HR-CODES" or "failed-call" ("" none).
    std::string fault{};
};

struct ScenarioVerdict {
    std::string scenario; // "doc-table:vb", "doc-table:vb@mono" (Scenario::test_id())
    std::string driver = "coreclr";
    std::string id; // "S01"
    Result result = Result::Error;
    std::vector<std::string> failed; // rule ids, and "expected-calls" for the scenario's own
    std::vector<std::string> problems;
    std::string comparison_table;
    std::vector<rules::Violation> violations;
    std::vector<std::string> crashed_threads;
    std::vector<std::string> still_running; // threads running at exit with layers open (info)
    std::uint64_t warnings = 0;             // warning-level violations, failing only when strict
    // Rule ids some call of the trace exercised (rules::Rule::exercises), in report order; a
    // rule in neither list is NOT EXERCISED, never PASS.
    std::vector<std::string> exercised;
    // Host-judged rule ids the run's exerciser exercised on the same host (`run` sets them).
    std::vector<std::string> exercised_by_exerciser;
    std::string trace_path;
    std::size_t app_calls = 0;
    std::size_t calls = 0;
    std::string runtime;
    unsigned tries = 1; // runs of this variant: a FLAKY expectation retries a failing one
    // The app's calls, for the reports' diagrams; kept unless the verdict passes. With several
    // threads, texts name the thread group (expected) and the thread (recorded).
    std::vector<DrawnCall> expected_calls;
    std::vector<DrawnCall> observed_calls;
    std::optional<std::size_t> first_divergence; // one thread: the first index that differs
    std::vector<std::size_t> divergences;        // one thread: every index that differs
};

// log_path: the scenario process's output, searched for the runtime's report of an unhandled
// managed exception when the process died (empty: not searched).
ScenarioVerdict judge(const scenario::Scenario& scenario, const ChildEnd& end,
                      const std::optional<RunRecord>& record, const std::string& trace_path,
                      bool strict, const std::string& log_path = {});

// The runtime's "Unhandled exception. <type>: <message>" line in a process's output, without
// its prefix; empty when there is none.
std::string unhandled_exception_in(const std::string& log_path);

// Checks a trace file against the rules (and, given one, a scenario's expectation).
ScenarioVerdict check_trace(const std::string& trace_path, const scenario::Scenario* scenario,
                            bool died, bool strict);

} // namespace clrhost::cli
