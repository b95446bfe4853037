// The text report: a summary table, then the details of each scenario that did not pass.
#pragma once

#include "conformance/expectations/outcomes.h"
#include "conformance/reports/reports.h"
#include "conformance/verdict/scenario_verdict.h"

#include <vector>

namespace clrhost::cli {

void print_verdict_details(const ScenarioVerdict& verdict);
// The violations (the first of each rule, with their context lines).
void print_violations(const ScenarioVerdict& verdict);
// The threads still running at exit with layers open: information, not a failure.
void print_still_running(const ScenarioVerdict& verdict);
// The exerciser's obligations, one line each, a failure with its shrunk program and the line
// that reproduces it.
void print_exerciser(const reports::ExerciserRun& run);
// With the verdicts' final outcomes under a host's expectations (XFAIL, XPASS, FLAKY, stale),
// each variant's rules (PASS, FAIL, NOT EXERCISED) and the exerciser's row, if it ran.
void print_summary(const std::vector<ScenarioVerdict>& verdicts,
                   const expectations::RunOutcome& outcome,
                   const reports::ExerciserRun& exerciser = {});
void print_summary(const std::vector<ScenarioVerdict>& verdicts);

} // namespace clrhost::cli
