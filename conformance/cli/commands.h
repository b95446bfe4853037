// The subcommands of clrhost-conformance. Exit codes: 0 conforms, 1 violations, 2 bad input or
// setup (a one-line error naming the fix), except `trace`, which returns the app's own code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clrhost::cli {

inline constexpr int kConforms = 0;
inline constexpr int kViolations = 1;
inline constexpr int kBadInput = 2;

std::string executable_path();
std::string default_scenario_root();

struct RunOptions {
    std::string scenario = "all";
    std::string filter;
    std::string trace; // with one scenario variant
    std::string trace_dir = "clrhost-traces";
    std::string host; // empty: the bundled reference host
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    unsigned jobs = 0;      // 0: one per core
    double timeout = 0;     // seconds; 0: each scenario's own
    double hang_limit = 10; // seconds one host call may take before it is a hang
    bool strict = false;
    bool verbose = false;
    std::string expectations; // the host's expectation file (XFAIL, FLAKY): docs/REPORTS.md
    std::string junit;        // report files to write; empty: none
    std::string json;
    std::string markdown;
};
int run_command(const RunOptions& options);

struct RunOneOptions {
    std::string scenario; // "name:language"
    std::string host;
    std::string trace;
    std::string record;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    unsigned hang_limit_ms = 10000;
    std::string inject; // "N:HRESULT": the Nth app transition call fails with HRESULT
};
int run_one_command(const RunOneOptions& options);

struct RunAgainOptions {
    std::string scenario; // "name:language"
    std::string host;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    std::string main_entry; // ClrhostMainEntry.dll
    unsigned hang_limit_ms = 10000;
    std::vector<std::string> runs; // "INJECTION=TRACE", INJECTION as run-one --inject or empty
};
int run_again_command(const RunAgainOptions& options);

struct CheckOptions {
    std::string trace;
    std::string scenario;
    std::string scenario_root = default_scenario_root();
    bool strict = false;
    bool died = false;
};
int check_command(const CheckOptions& options);

struct TraceOptions {
    std::string out;
    std::string host;
    std::string dotnet_root;
    std::vector<std::string> app_and_args;
};
int trace_command(const TraceOptions& options);

struct ReplayOptions {
    std::string trace;
    std::string host;
    std::string out; // the replay's own trace; default: TRACE.replay.jsonl
};
int replay_command(const ReplayOptions& options);

struct FaultsOptions {
    std::string scenario;
    std::string host;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    std::string trace_dir = "clrhost-faults";
    unsigned max_calls = 16; // inject into the first this many app calls of each variant
    unsigned jobs = 0;
    bool own_process = false; // every injection in a process of its own: no shared runtime
};
int faults_command(const FaultsOptions& options);

struct ExportOptions {
    std::string trace;
};
int export_command(const ExportOptions& options);

// The host exerciser: the host's IHostTaskManager driven by generated walks, no runtime.
struct ExerciseOptions {
    std::string host;                  // empty: the bundled reference host
    std::optional<std::uint64_t> seed; // none: a random one, printed
    unsigned threads = 4;
    unsigned walks = 100;
};
int exercise_command(const ExerciseOptions& options);

int rules_command();

} // namespace clrhost::cli
