// The text report: a summary table, then the details of each scenario that did not pass.
#pragma once

#include "conformance/expectations/outcomes.h"
#include "conformance/verdict/scenario_verdict.h"

#include <vector>

namespace clrhost::cli {

void print_verdict_details(const ScenarioVerdict& verdict);
// The violations (the first of each rule, with their context lines).
void print_violations(const ScenarioVerdict& verdict);
// The threads still running at exit with layers open: information, not a failure.
void print_still_running(const ScenarioVerdict& verdict);
// With the verdicts' final outcomes under a host's expectations (XFAIL, XPASS, FLAKY, stale).
void print_summary(const std::vector<ScenarioVerdict>& verdicts,
                   const expectations::RunOutcome& outcome);
void print_summary(const std::vector<ScenarioVerdict>& verdicts);

} // namespace clrhost::cli
