// The text report: a summary table, then the details of each scenario that did not pass.
#pragma once

#include "scenario_verdict.h"

#include <vector>

namespace clrhost::cli {

void print_verdict_details(const ScenarioVerdict& verdict);
void print_summary(const std::vector<ScenarioVerdict>& verdicts);

} // namespace clrhost::cli
