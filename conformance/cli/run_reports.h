// What `run` does with its verdicts beyond the text summary: reads them through the host's
// expectation file (--expectations) and writes the report files (--junit, --json, --markdown).
#pragma once

#include "conformance/cli/run_command.h"
#include "conformance/expectations/expectations.h"
#include "conformance/expectations/outcomes.h"
#include "conformance/reports/reports.h"
#include "conformance/verdict/scenario_verdict.h"

#include <set>
#include <string>
#include <vector>

namespace clrhost::cli {

// Before anything runs: the expectation file (an ExpectationError names the bad line) and the
// report paths (each must be writable).
expectations::Expectations prepare_expectations_and_reports(const RunOptions& options);

// Every "name:language" under the scenario root, run or not (stale expectation entries).
std::set<std::string> known_variants(const std::string& scenario_root);

// What the reports say about the run besides the verdicts, and how to reproduce one.
reports::RunInfo run_info(const RunOptions& options, const std::string& host_name,
                          const std::string& host_version, const std::string& host_path,
                          const std::vector<ScenarioVerdict>& verdicts);

// Writes the reports the options ask for and names each file.
void write_reports(const RunOptions& options, const reports::RunInfo& info,
                   const std::vector<ScenarioVerdict>& verdicts,
                   const expectations::RunOutcome& outcome);

} // namespace clrhost::cli
