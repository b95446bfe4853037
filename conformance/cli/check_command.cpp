// `check TRACE [--scenario ID]`: a saved trace, offline, against the rules and optionally a
// scenario's expected calls.
#include "conformance/cli/commands.h"
#include "conformance/reports/console_report.h"
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"

#include <fmt/format.h>

namespace clrhost::cli {

int check_command(const CheckOptions& options)
{
    std::optional<scenario::Scenario> scenario;
    if (!options.scenario.empty())
        scenario = scenario::load_scenario(options.scenario_root, options.scenario);
    ScenarioVerdict verdict;
    try {
        verdict = check_trace(options.trace, scenario ? &*scenario : nullptr, options.died,
                              options.strict);
    } catch (const trace::TraceFormatError& error) {
        fmt::print(stderr, "error: {}: {}: not a clrhost trace v1 (see README.md, \"A trace\")\n",
                   options.trace, error.what());
        return kBadInput;
    } catch (const trace::RecordingFormatError& error) {
        fmt::print(stderr, "error: {}: the trace cannot be checked whole: record it again\n",
                   error.what());
        return kBadInput;
    }
    verdict.scenario = scenario ? scenario->qualified_name() : options.trace;
    verdict.id = scenario ? scenario->id : "-";
    fmt::print("{}: {} calls checked, {} app calls\n", options.trace, verdict.calls,
               verdict.app_calls);
    // A verdict that fails is shown whole below; one that passes may still have warnings
    // (they fail it only with --strict) and threads that were still running at exit.
    if (verdict.result == Result::Pass) {
        print_violations(verdict);
        print_still_running(verdict);
    }
    print_summary({verdict});
    return verdict.result == Result::Pass ? kConforms : kViolations;
}

int rules_command()
{
    fmt::print("{:<12} {:<8} {}\n", "rule", "level", "statement");
    for (const auto& rule : rules::all_rules())
        fmt::print("{:<12} {:<8} {}\n", rule.id, rules::level_name(rule.level), rule.statement);
    return kConforms;
}

} // namespace clrhost::cli
