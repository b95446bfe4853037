// A scenario: a managed test app, its native libraries, and the calls it must yield
// (managed-testapps/<name>/scenario.json).
#pragma once

#include "trace_call.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clrhost::scenario {

class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ExpectedCall {
    trace::CallKind call = trace::CallKind::LeaveRuntime;
    std::optional<std::string> symbol; // the native function, for P/Invoke-side calls
    std::optional<std::string> method; // the managed method entered, for reverse calls
    std::optional<bool> hook;          // CallNeedsHostHook's answer
    int row = 0;                       // the seed table's row, where there is one
};

struct Scenario {
    std::string id;   // "S01"
    std::string name; // "doc-table": the folder name and the CLI's --scenario
    std::string description;
    std::filesystem::path dir; // the built scenario folder
    std::string entry;         // the entry assembly, relative to dir
    std::vector<std::string> native_libraries;
    int exit_code = 0;
    std::vector<ExpectedCall> expected;

    std::filesystem::path entry_path() const { return dir / entry; }
};

// Reads <scenario_root>/<name>/scenario.json; throws ScenarioError naming the problem and fix.
Scenario load_scenario(const std::filesystem::path& scenario_root, const std::string& name);

// The calls of the app itself: framework call sites and GetCurrentTask left out.
std::vector<trace::TraceCall> app_calls(const std::vector<trace::TraceCall>& calls);

struct Comparison {
    bool matches = false;
    std::vector<std::string> problems; // one line each
    std::string table;                 // expected against observed, row by row
};

Comparison compare_with_expected(const std::vector<ExpectedCall>& expected,
                                 const std::vector<trace::TraceCall>& app_calls);

std::string describe(const ExpectedCall& call);
std::string describe(const trace::TraceCall& call);

} // namespace clrhost::scenario
