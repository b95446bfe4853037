// A scenario: a managed test app, its native libraries, and the calls it must yield
// (managed-testapps/<name>/scenario.json; the format is in managed-testapps/README.md).
#pragma once

#include "conformance/trace/trace_call.h"

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clrhost::scenario {

class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One host call a scenario expects, as a constraint on the trace's call.
struct ExpectedCall {
    HostCall call = HostCall::LeaveRuntime;
    std::optional<std::string> symbol; // the native function, for P/Invoke-side calls
    std::optional<std::string> method; // the managed method (P/Invoke, delegate or callback)
    std::optional<bool> hook;          // CallNeedsHostHook's answer, where one is pinned
    std::optional<bool> target_known;  // true: a target address; false: none, with a note
    std::optional<std::string> note;   // a substring of the note that says why
    int row = 0;                       // the seed table's row, where there is one
    bool skipped = false; // the driver must skip it: the host disabled the runtime before
};

// What an app does on a thread: a P/Invoke, or a call from native code into it (a callback),
// with what it does inside, in order. The host calls follow from the protocol (protocol_model.h)
// and the host's own answers.
struct AppAction {
    enum class Kind { PInvoke, Callback } kind = Kind::PInvoke;
    std::optional<std::string> symbol; // P/Invoke: the native function
    std::optional<std::string> method; // the P/Invoke, delegate Invoke or callback method
    std::optional<bool> target_known;  // P/Invoke: a target address, or none (with a note)
    std::optional<std::string> note;   // a substring of the note on why there is no target
    int opening_row = 0;               // the seed table's rows of the opening and closing call
    int closing_row = 0;
    std::vector<AppAction> inside;
};

// Threads that each do the same: "count" of them, in any order among themselves.
struct ThreadGroup {
    std::string name;
    int count = 1;
    std::vector<AppAction> app;      // repeat and nest blocks already expanded
    std::vector<ExpectedCall> calls; // what a host answering TRUE and S_OK receives
};

// The drivers a scenario.json can name in "drivers": what differs on each, or why it does not
// apply.
inline constexpr std::array<std::string_view, 3> kDrivers{"coreclr", "mono", "netfx"};

// Where the drivers' traces differ in what they can show (docs/PROTOCOL.md, "Where the runtimes
// differ"), so one scenario.json serves them all.
struct DriverTraits {
    // The bridges name each site's managed method (the profiling API tells them). The .NET
    // Framework hands a host nothing but the native target: its scenarios are matched by call,
    // order and native symbol (resolved from the target), the methods set aside.
    bool names_methods = true;
    // The bridges call a host no more after its E_FAIL and record the runtime's later transitions
    // "skipped". The .NET Framework has no latch of its own and keeps calling: after an E_FAIL
    // the calls owed are the ordinary ones (the latch is the host's, TM-HR-LATCH).
    bool skips_after_e_fail = true;
    // The bridges cannot veto a P/Invoke: after a failed LeaveRuntime the native function runs.
    // On the .NET Framework the P/Invoke throws instead: nothing inside it runs, and the
    // exception unwinds the thread's open brackets, closing each (no scenario's app catches it,
    // so nothing after it runs on that thread).
    bool native_runs_after_failed_leave = true;
    // Where the driver's expectations come from, when not from runs of the suite: the .NET
    // Framework's are read in its source until a run on Windows shows them.
    std::string_view unobserved;
};
DriverTraits driver_traits(std::string_view driver);

struct Scenario {
    std::string id;   // "S01"
    std::string name; // "doc-table": the folder name and the CLI's --scenario
    std::string description;
    std::filesystem::path dir;      // the built scenario folder
    std::string language;           // the variant: "cs", "vb", ...
    std::string driver = "coreclr"; // the runtime it is loaded for ("drivers" applied)
    // Set: the driver cannot run this variant, and why (scenario.json's "not_applicable").
    std::optional<std::string> not_applicable;
    std::string entry; // the entry assembly, relative to dir
    std::vector<std::string> args;
    std::vector<std::string> native_libraries; // as scenario.json names them: lib<name>.so
    int exit_code = 0;
    // Rules the app judges itself (TM-LASTERROR: no trace shows errno): each exits with its code
    // when the app finds the rule broken.
    std::map<std::string, int> app_checks;
    double timeout = 0;              // seconds; 0: the suite's default
    std::optional<int> death_signal; // the process must die of this signal (exit_code unused)
    std::vector<ThreadGroup> threads;
    std::vector<std::string> labels;
    // Set: the host calls this [UnmanagedCallersOnly] static int Method() through a function
    // pointer instead of running Main.
    struct HostEntry {
        std::string type; // "Namespace.Type, Assembly"
        std::string method;
    };
    std::optional<HostEntry> host_entry;

    // The entry of the driver's build: the .NET build in dir, the .NET Framework build (mono,
    // netfx) in dir/net48, where an executable is named .exe.
    std::filesystem::path entry_path() const;
    std::string qualified_name() const { return name + ":" + language; } // "doc-table:vb"
    // What reports, expectations and progress lines name: "doc-table:vb@mono"; coreclr, the
    // default driver, is not named ("doc-table:vb").
    std::string test_id() const
    {
        return driver == "coreclr" ? qualified_name() : qualified_name() + "@" + driver;
    }
    // How its trace files begin, in test_id()'s way: "doc-table.vb", "doc-table.vb.mono".
    std::string file_stem() const
    {
        return driver == "coreclr" ? name + "." + language : name + "." + language + "." + driver;
    }
    // The app's native libraries by the name its DllImports give ("doctable_native"): the file is
    // lib<name>.so on Linux and <name>.dll on Windows.
    std::vector<std::string> native_library_names() const;
    // The calls of a scenario with one thread; empty otherwise.
    const std::vector<ExpectedCall>& single_thread_calls() const;
};

// Reads <scenario_root>/<name>/scenario.json for a driver, one Scenario per variant (language) it
// names, with the driver's part of "drivers" applied; a variant the driver cannot run comes with
// not_applicable set. "name:language" picks one. Throws ScenarioError naming the problem and the
// fix.
std::vector<Scenario> load_scenario_variants(const std::filesystem::path& scenario_root,
                                             const std::string& name,
                                             std::string_view driver = "coreclr");
// Exactly one variant the driver can run: "name:language", or "name" of a scenario with one.
Scenario load_scenario(const std::filesystem::path& scenario_root, const std::string& name,
                       std::string_view driver = "coreclr");
// The names of every scenario under scenario_root (folders holding a scenario.json), sorted.
std::vector<std::string> list_scenarios(const std::filesystem::path& scenario_root);
// A scenario's folder name from what the user typed: the name itself ("doc-table") or its
// S-number, scenario.json's "id" ("S01", any case). Throws ScenarioError listing the valid ids.
std::string resolve_scenario_name(const std::filesystem::path& scenario_root,
                                  const std::string& name_or_number);
// A scenario's S-number (scenario.json's "id"); "" when its scenario.json does not read.
std::string scenario_number(const std::filesystem::path& scenario_root, const std::string& name);

// The calls of the app itself: framework call sites, those of unknown origin, GetCurrentTask and
// thread events left out.
std::vector<trace::TraceCall> app_calls(const std::vector<trace::TraceCall>& calls);

struct Comparison {
    bool matches = false;
    std::vector<std::string> problems; // one line each
    std::string table;                 // expected against observed, row by row
    // One thread against one expected sequence: the first row (0-based) that differs.
    std::optional<std::size_t> first_mismatch;
    std::vector<std::size_t> mismatches; // one thread: every row that differs
    // One thread: the calls the protocol owed the host, given its answers.
    std::vector<ExpectedCall> expected;
};

// The calls the protocol owes a host for an app's actions on one thread, given the host's answers
// in that thread's observed calls (where an observed call is not the expected one, the reference
// host's answer stands in). latched_after: the seq of the call whose E_FAIL disabled the runtime.
std::vector<ExpectedCall> expected_calls(const std::vector<AppAction>& app,
                                         const std::vector<trace::TraceCall>& observed,
                                         std::optional<std::uint64_t> latched_after,
                                         const DriverTraits& traits = {});
// The seq of the first call a host answered E_FAIL, the runtime's end for the process.
std::optional<std::uint64_t> runtime_disabled_at(const std::vector<trace::TraceCall>& calls);

// One thread's calls against one expected sequence, call by call.
Comparison compare_with_expected(const std::vector<ExpectedCall>& expected,
                                 const std::vector<trace::TraceCall>& app_calls);
// Every thread's app calls against the calls its group's app actions owe the host, given its
// answers. With died set, the calls of each thread need only be a prefix of its group's (the
// process died mid-scenario). latched_after: as for expected_calls(); unset, it is looked for in
// app_calls (give it from the whole trace: a framework call can disable the runtime too).
Comparison compare_with_scenario(const Scenario& scenario,
                                 const std::vector<trace::TraceCall>& app_calls, bool died = false,
                                 std::optional<std::uint64_t> latched_after = std::nullopt);

// The host calls (not skipped) the scenario's app actions owed a host in a run of it, given that
// host's answers in the run's app calls: each thread group's, thread after thread, groups in
// their declared order, a group's threads sorted. The same for every run of a host that answers
// the same, however the threads interleave (what `faults` plans its injections by).
std::vector<HostCall> owed_calls(const Scenario& scenario,
                                 const std::vector<trace::TraceCall>& app_calls);

std::string describe(const ExpectedCall& call);
std::string describe(const trace::TraceCall& call);
// What the host answered: "S_OK", "E_FAIL", a number without a name as hex, or "skipped" for a
// call the bridge did not make.
std::string answer(const trace::TraceCall& call);

} // namespace clrhost::scenario
