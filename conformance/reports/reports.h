// The machine-readable reports of a run (docs/REPORTS.md): JUnit XML, a versioned JSON
// document, and Markdown for a CI job summary. Each is built from the verdicts, their final
// outcomes under the host's expectations, and what the run knows about its host and runtime.
#pragma once

#include "conformance/expectations/outcomes.h"
#include "conformance/verdict/scenario_verdict.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clrhost::reports {

// The exerciser's run before the scenarios (`run`; docs/PLUGIN.md, "The exerciser"): one row
// of obligations, each PASS, FAIL or NOT EXERCISED, a result of its own in every report.
struct ExerciserObligation {
    std::string id; // "TM-HR-LATCH"
    std::string statement;
    std::string status;     // "PASS", "FAIL", "NOT EXERCISED"
    std::string message;    // FAIL: the problem; NOT EXERCISED: why not
    std::string reproducer; // FAIL: the command line that finds it again
    std::vector<std::string> shrunk;
};

struct ExerciserRun {
    bool ran = false; // false: --no-exercise
    std::uint64_t seed = 0;
    unsigned threads = 0;
    unsigned walks = 0;
    std::vector<ExerciserObligation> obligations;
    bool failed() const;
    std::string_view result() const; // "PASS", "FAIL", or "NOT RUN"
};

// A variant a driver of the run cannot run, and why (scenario.json's "not_applicable").
struct NotApplicable {
    std::string scenario; // "doc-table-from-host:cs@mono"
    std::string id;       // "S02"
    std::string reason;
};

struct RunInfo {
    std::string host_name;
    std::string host_version;
    std::string host_path;
    std::string runtime;            // the runtime version the scenarios ran on
    std::string driver = "coreclr"; // the run's drivers, comma-separated: "coreclr,mono"
    std::vector<NotApplicable> not_applicable;
    // How to run one variant again, for the reproducer lines: the command, and the options
    // every reproducer repeats (--host, --scenario-root, ...).
    std::string command = "clrhost-conformance";
    std::vector<std::string> reproducer_options;
    ExerciserRun exerciser;
};

struct Report {
    const RunInfo& info;
    const std::vector<cli::ScenarioVerdict>& verdicts;
    const expectations::RunOutcome& outcome; // one variant outcome per verdict
};

std::string junit_report(const Report& report);
std::string json_report(const Report& report);
std::string markdown_report(const Report& report);
// The Mermaid sequence diagram of a failing verdict's calls (docs/REPORTS.md, "Markdown"):
// expected against recorded where they differ, else the recorded calls around the call the
// verdict faults; "" when no call differs or is faulted.
std::string sequence_diagram(const cli::ScenarioVerdict& verdict);
// Which of a diagram's rows it draws: 3 either side of each focus row (sorted), until about
// max_drawn are drawn; the rest are counted in notes.
std::vector<bool> rows_to_draw(std::size_t rows, const std::vector<std::size_t>& focus,
                               std::size_t max_drawn);

// The suite's version (CMake's PROJECT_VERSION) and `git describe --always --dirty` at
// configure time ("unknown" outside git).
std::string_view suite_version();
std::string_view git_revision();

// The command line that runs one variant again with its trace written to repro.jsonl.
std::string reproducer(const RunInfo& info, const std::string& variant);
// One argument of a command line a reader pastes into a shell: as it is when that is safe.
std::string shell_quote(const std::string& arg);
// The runtime version the verdicts ran on; with several drivers each with its driver's name
// ("coreclr 10.0.12, mono 6.8.0.105"); "" when none ran.
std::string runtime_of(const std::vector<cli::ScenarioVerdict>& verdicts);

// Before the run: creates a report's folder and checks the file can be written, so that a bad
// path stops the run at once; what names the flag in the error ("--junit").
void check_report_path(const std::string& path, std::string_view what);
// Writes a report, creating its folder.
void write_report(const std::string& path, const std::string& text, std::string_view what);

} // namespace clrhost::reports
