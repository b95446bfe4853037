#include "conformance/verdict/scenario_verdict.h"

#include "conformance/protocol/protocol_model.h"
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_input.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace clrhost::cli {

std::string_view result_name(Result result)
{
    switch (result) {
    case Result::Pass:
        return "PASS";
    case Result::Fail:
        return "FAIL";
    case Result::Crash:
        return "CRASH";
    case Result::Hang:
        return "HANG";
    case Result::Error:
        return "ERROR";
    }
    return "?";
}

namespace {

DrawnCall drawn(const scenario::ExpectedCall& call, const std::string& prefix = {})
{
    auto plain = call;
    plain.skipped = false; // the flag says it
    return {.text = prefix + scenario::describe(plain), .skipped = call.skipped};
}

// What the verdict faults at a recorded call: the rules it broke there, or the host's failing
// of a call the protocol let the bridge make (judge_failed_calls).
std::string fault_at(const trace::TraceCall& call, const std::vector<rules::Violation>& violations)
{
    std::vector<std::string> faults;
    for (const auto& violation : violations)
        if (violation.seq == call.seq && violation.level == rules::Level::Error &&
            std::find(faults.begin(), faults.end(), violation.rule) == faults.end())
            faults.push_back(violation.rule);
    if (faults.empty() && !call.skipped && protocol::legal_call_failed(call.call, call.hr))
        faults.emplace_back("failed-call");
    return fmt::format("{}", fmt::join(faults, ", "));
}

DrawnCall drawn(const trace::TraceCall& call, const std::vector<rules::Violation>& violations,
                const std::string& prefix = {})
{
    auto plain = call;
    plain.skipped = false;
    DrawnCall out{.text = prefix + scenario::describe(plain),
                  .skipped = call.skipped,
                  .seq = call.seq,
                  .fault = fault_at(call, violations)};
    if (!call.skipped)
        out.hr = call.hr;
    return out;
}

// The expected and recorded app calls in the compact form the reports draw.
void keep_calls(ScenarioVerdict& verdict, const scenario::Scenario& scenario,
                const std::vector<trace::TraceCall>& app, const scenario::Comparison& comparison)
{
    const bool one_thread = scenario.threads.size() == 1 && scenario.threads[0].count == 1;
    if (one_thread) // the calls owed given the host's answers
        for (const auto& call : comparison.expected)
            verdict.expected_calls.push_back(drawn(call));
    else // each group as a host answering TRUE and S_OK receives it
        for (const auto& group : scenario.threads)
            for (const auto& call : group.calls)
                verdict.expected_calls.push_back(
                    drawn(call, fmt::format("{} x{}: ", group.name, group.count)));
    for (const auto& call : app)
        verdict.observed_calls.push_back(
            drawn(call, verdict.violations,
                  one_thread ? std::string() : fmt::format("thread {}: ", call.tid)));
    verdict.first_divergence = comparison.first_mismatch;
    verdict.divergences = comparison.mismatches;
}

// What the .NET Framework does where a host fails a call it was right to receive.
std::string framework_consequence(const trace::TraceCall& call)
{
    if (protocol::disables_runtime(call.hr))
        return "the runtime is unusable in the process from here on (every later host call "
               "fails; the bridge calls the host no more)";
    const bool reverse =
        call.call == HostCall::ReverseEnterRuntime || call.call == HostCall::ReverseLeaveRuntime;
    const auto where = reverse ? "this call from native code into managed code" : "this P/Invoke";
    if (call.hr == E_OUTOFMEMORY)
        return fmt::format("the app gets an OutOfMemoryException at {}", where);
    if (succeeded(call.hr))
        return fmt::format("the runtime takes it as a failure (only S_OK succeeds) at {}", where);
    return fmt::format("the app gets a COMException with HRESULT {} at {}", hresult_hex(call.hr),
                       where);
}

std::string describe_site(const trace::TraceCall& call)
{
    auto text = fmt::format("seq {} thread {} {}", call.seq, call.tid, call_name(call.call));
    if (call.symbol)
        text += fmt::format("({})", *call.symbol);
    if (call.method)
        text += fmt::format(" [{}]", *call.method);
    return text;
}

// A call the protocol let the driver make (no error-level rule broken at it) that the host
// failed fails the variant: the protocol's codes say what the runtime does, not that a host may
// answer them to a correct call.
void judge_failed_calls(ScenarioVerdict& verdict, const std::vector<trace::TraceCall>& failing)
{
    std::set<std::uint64_t> illegal;
    for (const auto& violation : verdict.violations)
        if (violation.level == rules::Level::Error)
            illegal.insert(violation.seq);
    bool any = false;
    for (const auto& call : failing) {
        if (illegal.contains(call.seq))
            continue;
        any = true;
        verdict.problems.push_back(fmt::format(
            "{} returned {} to a correctly nested call: on the .NET Framework {}",
            describe_site(call), hresult_describe(call.hr), framework_consequence(call)));
    }
    if (any)
        verdict.failed.insert(verdict.failed.begin(), "failed-call");
}

} // namespace

ScenarioVerdict check_trace(const std::string& trace_path, const scenario::Scenario* scenario,
                            bool died, bool strict)
{
    ScenarioVerdict verdict;
    verdict.trace_path = trace_path;
    const auto input = trace::open_trace(trace_path);
    verdict.runtime = input->header().runtime;
    rules::RulesEngine engine(rules::options_for(input->header()));
    std::vector<trace::TraceCall> app;
    std::vector<trace::TraceCall> failing; // calls the host received and failed
    std::optional<std::uint64_t> latched_after;
    while (auto call = input->next()) {
        engine.check(*call);
        verdict.calls += call->is_event() ? 0 : 1;
        if (!call->is_event() && !call->skipped &&
            protocol::legal_call_failed(call->call, call->hr)) {
            failing.push_back(*call);
            if (!latched_after && protocol::disables_runtime(call->hr))
                latched_after = call->seq;
        }
        if (call->is_app_call())
            app.push_back(std::move(*call));
    }
    engine.finish(died);
    verdict.still_running = engine.still_running();
    verdict.warnings = engine.warnings();
    verdict.app_calls = app.size();
    verdict.failed = engine.failed_rules(strict);
    for (const auto& rule : rules::all_rules())
        if (engine.exercised(rule.id))
            verdict.exercised.emplace_back(rule.id);
    verdict.violations = engine.violations();
    verdict.crashed_threads = engine.crashed_threads();
    judge_failed_calls(verdict, failing);
    if (scenario) {
        const auto comparison =
            scenario::compare_with_scenario(*scenario, app, died, latched_after);
        keep_calls(verdict, *scenario, app, comparison);
        if (!comparison.matches) {
            verdict.failed.insert(verdict.failed.begin(), "expected-calls");
            verdict.problems.insert(verdict.problems.begin(), comparison.problems.begin(),
                                    comparison.problems.end());
            verdict.comparison_table = comparison.table;
        }
    }
    verdict.result = verdict.failed.empty() ? Result::Pass : Result::Fail;
    return verdict;
}

std::string unhandled_exception_in(const std::string& log_path)
{
    constexpr std::string_view kPrefix = "Unhandled exception. ";
    std::ifstream in(log_path);
    for (std::string line; std::getline(in, line);)
        if (const auto at = line.find(kPrefix); at != std::string::npos)
            return line.substr(at + kPrefix.size());
    return {};
}

namespace {

bool contains_app_check(const scenario::Scenario& scenario, int app_exit)
{
    return std::any_of(scenario.app_checks.begin(), scenario.app_checks.end(),
                       [&](const auto& check) { return check.second == app_exit; });
}

// The rules the app judges itself (scenario.json's app_checks): exercised by an app that ran to
// its end, failed when it exited with the rule's code.
void judge_app_checks(ScenarioVerdict& verdict, const scenario::Scenario& scenario, int app_exit)
{
    for (const auto& [rule, code] : scenario.app_checks) {
        verdict.exercised.push_back(rule);
        if (app_exit != code)
            continue;
        verdict.result = Result::Fail;
        verdict.failed.push_back(rule);
        verdict.problems.push_back(fmt::format("the app exited with {}: it found {} broken ({})",
                                               app_exit, rule, rules::find_rule(rule)->statement));
    }
}

} // namespace

ScenarioVerdict judge(const scenario::Scenario& scenario, const ChildEnd& end,
                      const std::optional<RunRecord>& record, const std::string& trace_path,
                      bool strict, const std::string& log_path)
{
    auto fail_with = [&](Result result, std::string problem) {
        ScenarioVerdict verdict;
        verdict.result = result;
        verdict.problems.push_back(std::move(problem));
        return verdict;
    };
    ScenarioVerdict verdict;
    if (record && !record->hang.empty()) {
        try {
            verdict = check_trace(trace_path, &scenario, true, strict);
        } catch (const std::exception& error) {
            verdict.problems.push_back(fmt::format("unusable trace: {}", error.what()));
        }
        verdict.result = Result::Hang;
        verdict.problems.insert(verdict.problems.begin(), record->hang);
    } else if (record && !record->error.empty()) {
        verdict = fail_with(Result::Error, record->error);
    } else if (!std::ifstream(trace_path)) {
        verdict = fail_with(end.timed_out ? Result::Hang : Result::Error,
                            "the scenario process left no trace");
    } else {
        const bool expected_death =
            scenario.death_signal && end.signalled && end.signal == *scenario.death_signal;
        try {
            verdict = check_trace(trace_path, &scenario, end.signalled || end.timed_out, strict);
        } catch (const std::exception& error) {
            verdict = fail_with(Result::Error, fmt::format("unusable trace: {}", error.what()));
        }
        if (end.timed_out) {
            verdict.result = Result::Hang;
            verdict.problems.insert(verdict.problems.begin(),
                                    "the scenario did not finish within its time limit");
        } else if (end.signalled && !expected_death) {
            verdict.result = Result::Crash;
            // The runtime aborts the process on an unhandled managed exception: name it, since
            // "died of SIGABRT" alone points at the host.
            const auto exception =
                log_path.empty() ? std::string{} : unhandled_exception_in(log_path);
            verdict.problems.insert(
                verdict.problems.begin(),
                exception.empty()
                    ? fmt::format("the scenario process died of {}", signal_name(end.signal))
                    : fmt::format("the app threw an unhandled {} (the process died of {}): fix "
                                  "the app, or declare the death in scenario.json",
                                  exception, signal_name(end.signal)));
        } else if (scenario.death_signal && !expected_death) {
            verdict.result = Result::Fail;
            verdict.failed.push_back("expected-death");
            verdict.problems.push_back(fmt::format("the process was expected to die of {}",
                                                   signal_name(*scenario.death_signal)));
        } else if (!scenario.death_signal) {
            // The app's own exit code: from the record, or the process's when Main called exit.
            const int app_exit = record ? record->app_exit_code : end.exit_code;
            judge_app_checks(verdict, scenario, app_exit);
            if (app_exit != scenario.exit_code && !contains_app_check(scenario, app_exit)) {
                verdict.result = Result::Fail;
                verdict.failed.push_back("exit-code");
                verdict.problems.push_back(
                    fmt::format("the app exited with {}, expected {}: fix the app, or set "
                                "exit_code in scenario.json if it means to",
                                app_exit, scenario.exit_code));
            }
            if (record && !record->bridge_attached) {
                verdict.result = Result::Error;
                verdict.problems.push_back("the runtime did not load the transition bridge");
            }
            if (record && record->host_exceptions) {
                verdict.result = Result::Fail;
                verdict.failed.push_back("host-exception");
                verdict.problems.push_back(fmt::format(
                    "the host threw {} C++ exception(s) out of its calls (caught by the bridge)",
                    record->host_exceptions));
            }
        }
        if (record && !record->trace_error.empty()) {
            verdict.result = Result::Error;
            verdict.problems.push_back(record->trace_error);
        }
    }
    verdict.scenario = scenario.test_id();
    verdict.driver = scenario.driver;
    verdict.id = scenario.id;
    verdict.trace_path = trace_path;
    if (record)
        verdict.runtime = record->runtime;
    if (verdict.result == Result::Pass) {
        verdict.expected_calls.clear();
        verdict.observed_calls.clear();
    }
    return verdict;
}

} // namespace clrhost::cli
