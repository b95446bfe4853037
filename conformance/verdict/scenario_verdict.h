// The verdict on one scenario run: how the process ended, the app's calls against the
// scenario's expectation, and the rules over the whole trace.
#pragma once

#include "conformance/rules/rules.h"
#include "conformance/scenario/scenario.h"
#include "conformance/verdict/child_process.h"
#include "conformance/verdict/run_record.h"

#include <optional>
#include <string>
#include <vector>

namespace clrhost::cli {

enum class Result { Pass, Fail, Crash, Hang, Error };
std::string_view result_name(Result result);

struct ScenarioVerdict {
    std::string scenario; // "doc-table:vb"
    std::string id;       // "S01"
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
    // The app's calls, one line each, for the reports' diagrams; kept unless the verdict passes.
    // With several threads, lines name the thread group (expected) and the thread (observed).
    std::vector<std::string> expected_calls;
    std::vector<std::string> observed_calls;
    std::optional<std::size_t> first_divergence; // one thread: the first index that differs
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
