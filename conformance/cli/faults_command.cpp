// `faults --scenario ID`: fault injection. First a clean run of each variant, judged as `run`
// judges it: a variant whose clean run does not pass gets that verdict and no injection (its
// failures would be the host's, not the reaction's). Then, for each of the first app calls the
// scenario's declared actions owe the host, given its answers in the clean run, and each
// documented failure HRESULT (and S_FALSE for the reverse calls), one run of the scenario whose
// Nth app call of that kind fails with it (a GoogleMock fault injector in front of the host); then
// the coreclr driver's documented reaction (TM-FAILURE) is checked on its trace. A run that hangs
// is a HANG, as in `run`, and nothing else is judged of it.
//
// The runtime's start-up is most of a run's time, so the runs share runtimes where they can:
// `run-again` runs the app's Main once per injection in one runtime. E_FAIL ends the host for the
// process (the bridge's latch), a scenario entered from the host or one that dies cannot run
// again, and --own-process asks for one process each: those run alone (`run-one`). A shared run
// that finds any problem, or that a dying batch left without a record, is run again alone, and
// that run's verdict is the one reported: sharing saves time and never decides a verdict.
#include "conformance/cli/commands.h"
#include "conformance/rules/rules.h"
#include "conformance/scenario/scenario.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "conformance/verdict/process_pool.h"
#include "conformance/verdict/run_record.h"
#include "conformance/verdict/scenario_verdict.h"
#include "fixtures/driver/host_plugin_library.h"

#include <clrhost/hresult.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

namespace clrhost::cli {
namespace {

namespace fs = std::filesystem;
using trace::TraceCall;
using namespace std::chrono_literals;

struct Injection {
    const scenario::Scenario* scenario;
    std::uint64_t ordinal;
    HostCall call;
    HRESULT result;
    std::string trace;
    std::vector<std::string> problems;
    Result outcome = Result::Pass; // Fail, Crash or Hang once problems are found

    std::string spec() const
    {
        return fmt::format("{}:{}:{}", call_name(call), ordinal, hresult_hex(result));
    }
    std::string record() const { return run_record_path(trace); }
};

struct FaultsOptions {
    std::string scenario;
    std::string host;
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    std::string trace_dir = "clrhost-faults";
    unsigned max_calls = 16; // inject into the first this many app calls of each variant
    unsigned jobs = 0;
    bool own_process = false; // every injection in a process of its own: no shared runtime
    double hang_limit = 10;   // seconds one host call may take before it is a hang, as in `run`
    std::string driver = "coreclr"; // or mono: runs share a runtime on coreclr only
};

// A process: one injection of its own (run-one), or several in one runtime (run-again).
struct Job {
    std::vector<std::size_t> injections;
    bool shared = false;
};

// The suite's managed entry, built beside the scenarios (managed-testapps/main-entry/).
std::string main_entry_path(const std::string& scenario_root)
{
    return (fs::path(scenario_root) / "main-entry" / "ClrhostMainEntry.dll").string();
}

// The app calls the scenario's declared actions owed this host in its clean run, by the protocol
// applied to the host's own answers there (a host that answers CallNeedsHostHook FALSE is owed no
// LeaveRuntime to fail): each thread group's, thread after thread, the groups in their declared
// order. Never the clean run's order of calls: its threads interleave differently on every run,
// and the plan would with them. The fault injector counts per kind, so the Nth call of a kind
// exists whichever thread makes it.
std::vector<HostCall> owed_app_calls(const scenario::Scenario& variant,
                                     const std::string& clean_trace)
{
    std::vector<TraceCall> app;
    for (auto& call : trace::read_trace_file(clean_trace).calls)
        if (call.is_app_call())
            app.push_back(std::move(call));
    auto calls = scenario::owed_calls(variant, app);
    std::erase(calls, HostCall::GetCurrentTask);
    return calls;
}

std::vector<HRESULT> failures_for(HostCall call)
{
    std::vector<HRESULT> codes{HOST_E_CLRNOTAVAILABLE, HOST_E_TIMEOUT, HOST_E_NOT_OWNER,
                               HOST_E_ABANDONED, E_FAIL};
    if (call != HostCall::CallNeedsHostHook) // its page lists no E_OUTOFMEMORY
        codes.push_back(E_OUTOFMEMORY);
    if (call == HostCall::ReverseEnterRuntime || call == HostCall::ReverseLeaveRuntime)
        codes.push_back(S_FALSE); // a success code that still fails a reverse call
    return codes;
}

// The options a scenario process takes from `faults`' own.
void add_run_settings(std::vector<std::string>& argv, const FaultsOptions& options)
{
    if (!options.dotnet_root.empty()) {
        argv.push_back("--dotnet-root");
        argv.push_back(options.dotnet_root);
    }
    argv.push_back("--hang-limit-ms");
    argv.push_back(std::to_string(static_cast<unsigned>(options.hang_limit * 1000)));
    argv.push_back("--driver");
    argv.push_back(options.driver);
}

std::vector<std::string> run_one_argv(const FaultsOptions& options, const std::string& scenario,
                                      const std::string& trace, const std::string& inject)
{
    std::vector<std::string> argv{executable_path(), "run-one",
                                  "--scenario",      scenario,
                                  "--host",          options.host,
                                  "--trace",         trace,
                                  "--record",        run_record_path(trace),
                                  "--scenario-root", options.scenario_root};
    if (!inject.empty()) {
        argv.push_back("--inject");
        argv.push_back(inject);
    }
    add_run_settings(argv, options);
    return argv;
}

std::vector<std::string> run_again_argv(const FaultsOptions& options,
                                        const std::vector<Injection>& injections, const Job& job)
{
    const auto& scenario = *injections[job.injections.front()].scenario;
    std::vector<std::string> argv{executable_path(), "run-again",
                                  "--scenario",      scenario.qualified_name(),
                                  "--host",          options.host,
                                  "--main-entry",    main_entry_path(options.scenario_root),
                                  "--scenario-root", options.scenario_root};
    add_run_settings(argv, options);
    for (const auto index : job.injections) {
        argv.push_back("--run");
        argv.push_back(injections[index].spec() + "=" + injections[index].trace);
    }
    return argv;
}

// Whether a scenario's runs can share a runtime (see the top of this file), where sharing is
// asked for and the suite's managed entry is built.
bool can_share_a_runtime(const scenario::Scenario& scenario)
{
    return !scenario.host_entry && !scenario.death_signal;
}

// A hung run is a HANG, as `run` reports it: the host call that did not return (the run
// record's hang: thread, call, arguments). The layers it left open are the hang's doing, so the
// trace is not judged: its unbalanced calls would otherwise read as TM-BALANCE.
bool judge_hang(Injection& injection, const ChildEnd& end, const std::optional<RunRecord>& record)
{
    if (record && !record->hang.empty())
        injection.problems.push_back(record->hang);
    else if (end.timed_out)
        injection.problems.push_back("the scenario did not finish within its time limit");
    else
        return false;
    injection.outcome = Result::Hang;
    return true;
}

// How the injection's process ended (end: all clear for a run in a shared runtime), and what
// its run record says.
void judge_process(Injection& injection, const ChildEnd& end,
                   const std::optional<RunRecord>& record)
{
    const auto& scenario = *injection.scenario;
    const bool expected_death =
        scenario.death_signal && end.signalled && end.signal == *scenario.death_signal;
    if (end.signalled && !expected_death) {
        injection.outcome = Result::Crash;
        injection.problems.push_back(
            fmt::format("the process died of {}", signal_name(end.signal)));
    } else if (!record && !expected_death)
        injection.problems.push_back("the scenario process left no run record");
    else if (record && !record->error.empty())
        injection.problems.push_back(record->error);
    else if (record && record->app_exit_code != scenario.exit_code)
        injection.problems.push_back(fmt::format(
            "the app exited with {}: the {} driver cannot veto a transition, so the app "
            "must run as without the failure (expected {})",
            record->app_exit_code, scenario.driver, scenario.exit_code));
}

// The failed call: the one app call of that kind that carries the injected answer (which
// thread made it may differ from the clean run's).
std::optional<std::size_t> failed_call(Injection& injection, const trace::Trace& trace)
{
    std::optional<std::size_t> failed_at;
    std::size_t carrying = 0;
    for (std::size_t i = 0; i < trace.calls.size(); ++i) {
        const auto& call = trace.calls[i];
        if (call.is_app_call() && !call.skipped && call.call == injection.call &&
            call.hr == injection.result && carrying++ == 0)
            failed_at = i;
    }
    if (!failed_at || carrying != 1) {
        injection.problems.push_back(
            fmt::format("{} app {} call(s) carry {} in the trace, expected exactly one", carrying,
                        call_name(injection.call), hresult_describe(injection.result)));
        return std::nullopt;
    }
    return failed_at;
}

void judge_rules(Injection& injection, const trace::Trace& trace, std::size_t failed_at, bool died)
{
    rules::RulesEngine engine(rules::options_for(trace.header));
    for (const auto& call : trace.calls)
        engine.check(call);
    engine.finish(died);
    for (const auto& violation : engine.violations()) {
        // Warnings are allowed: after a failed ReverseEnterRuntime the runtime still runs the
        // callback (the coreclr driver cannot veto it), whose P/Invokes then leave from inside
        // a LeaveRuntime as far as the host knows (TM-ALT).
        if (violation.level != rules::Level::Error)
            continue;
        const bool injected_s_false = injection.result == S_FALSE &&
                                      violation.rule == "TM-HR-EXACT" &&
                                      violation.seq == trace.calls[failed_at].seq;
        if (!injected_s_false)
            injection.problems.push_back(
                fmt::format("{} at seq {}: {}", violation.rule, violation.seq, violation.message));
    }
}

// The app's calls are the ones the protocol model owes the host given its answers, the injected
// one among them: no closing call for a failed opening call, and after E_FAIL only skipped calls
// (but for one call per other thread already under way when the E_FAIL came back).
void judge_calls(Injection& injection, const trace::Trace& trace, bool died)
{
    const auto comparison =
        scenario::compare_with_scenario(*injection.scenario, scenario::app_calls(trace.calls), died,
                                        scenario::runtime_disabled_at(trace.calls));
    for (const auto& problem : comparison.problems)
        injection.problems.push_back(
            fmt::format("not the calls the protocol owes the host given its answers: {}", problem));
}

// After E_FAIL nothing reaches the host, the framework's calls included (the model judges the
// app's), but for one call per other thread that was already under way when the E_FAIL came back.
void judge_after_e_fail(Injection& injection, const trace::Trace& trace, std::size_t failed_at)
{
    std::set<std::int64_t> in_flight;
    for (std::size_t i = failed_at + 1; i < trace.calls.size(); ++i)
        if (!trace.calls[i].skipped && !trace.calls[i].is_event() &&
            (trace.calls[i].tid == trace.calls[failed_at].tid ||
             !in_flight.insert(trace.calls[i].tid).second)) {
            injection.problems.push_back(
                fmt::format("seq {} {} reached the host after its E_FAIL: the bridge must skip it",
                            trace.calls[i].seq, call_name(trace.calls[i].call)));
            break;
        }
}

// The documented reaction of the coreclr driver to the injected failure. end: how its process
// ended, for a run of its own; none for a run in a shared runtime, which has a run record.
void judge_injection(Injection& injection, const ChildEnd* process_end)
{
    const ChildEnd end = process_end ? *process_end : ChildEnd{};
    const auto record = read_run_record(injection.record());
    if (judge_hang(injection, end, record))
        return;
    judge_process(injection, end, record);
    const bool recorded = record.has_value();
    trace::Trace trace;
    try {
        trace = trace::read_trace_file(injection.trace);
    } catch (const std::exception& error) {
        injection.problems.push_back(fmt::format("unusable trace: {}", error.what()));
        return;
    }
    const auto failed_at = failed_call(injection, trace);
    if (!failed_at)
        return;
    judge_rules(injection, trace, *failed_at, end.signalled);
    judge_calls(injection, trace, end.signalled || !recorded);
    if (injection.result == E_FAIL)
        judge_after_e_fail(injection, trace, *failed_at);
}

// The verdict of one run and its reason, as `run` gives it.
void conclude(Injection& injection, const ChildEnd* process_end)
{
    judge_injection(injection, process_end);
    if (!injection.problems.empty() && injection.outcome == Result::Pass)
        injection.outcome = Result::Fail;
}

// The variant's run without an injection, judged as `run` judges it.
ScenarioVerdict clean_run(const FaultsOptions& options, const scenario::Scenario& variant)
{
    const auto trace =
        (fs::path(options.trace_dir) / fmt::format("{}.clean.jsonl", variant.file_stem())).string();
    for (const auto& stale : {trace, run_record_path(trace), trace::recording_path(trace)})
        fs::remove(stale);
    const double seconds = variant.timeout > 0 ? variant.timeout : 120;
    const auto end =
        ChildProcess(run_one_argv(options, variant.qualified_name(), trace, ""), trace + ".log",
                     std::chrono::milliseconds(static_cast<long>(seconds * 1000)))
            .wait();
    return cli::judge(variant, end, read_run_record(run_record_path(trace)), trace, false,
                      trace + ".log");
}

// A scenario that dies declares calls its death cuts off, and the model cannot tell where: its
// clean run's trace says which it makes (one thread: the same calls on every run).
std::vector<HostCall> calls_made_before_death(const std::string& clean_trace)
{
    std::vector<HostCall> calls;
    for (const auto& call : trace::read_trace_file(clean_trace).calls)
        if (call.is_app_call() && !call.skipped)
            calls.push_back(call.call);
    return calls;
}

// One injection per failure into each of the variant's first --max-calls declared app calls.
void plan_injections(const FaultsOptions& options, const scenario::Scenario& variant,
                     const std::string& clean_trace, std::vector<Injection>& injections)
{
    const auto calls = variant.death_signal ? calls_made_before_death(clean_trace)
                                            : owed_app_calls(variant, clean_trace);
    const auto count = std::min<std::size_t>(calls.size(), options.max_calls);
    std::map<HostCall, std::uint64_t> of_kind;
    for (std::size_t n = 0; n < count; ++n) {
        const auto ordinal = ++of_kind[calls[n]];
        for (const auto code : failures_for(calls[n]))
            injections.push_back({&variant,
                                  ordinal,
                                  calls[n],
                                  code,
                                  (fs::path(options.trace_dir) /
                                   fmt::format("{}.{}{}.{}.jsonl", variant.file_stem(),
                                               call_name(calls[n]), ordinal, hresult_symbol(code)))
                                      .string(),
                                  {}});
    }
}

// The clean run of each variant first: one that does not pass is that variant's verdict, and
// nothing is injected into it. The others' injections.
std::vector<Injection> plan_variants(const FaultsOptions& options,
                                     const std::vector<scenario::Scenario>& variants,
                                     std::vector<ScenarioVerdict>& failed_clean)
{
    std::vector<Injection> injections;
    for (const auto& variant : variants) {
        auto verdict = clean_run(options, variant);
        if (verdict.result != Result::Pass) {
            failed_clean.push_back(std::move(verdict));
            continue;
        }
        const auto before = injections.size();
        plan_injections(options, variant, verdict.trace_path, injections);
        fmt::print("{}: clean run PASS; {} failure(s) to inject\n", variant.test_id(),
                   injections.size() - before);
    }
    return injections;
}

struct JobPlan {
    std::deque<Job> jobs; // in the order they start
    std::size_t shared_runs = 0;
    std::size_t runtimes = 0;
};

// Each variant's shareable injections in as many runtimes as run at once, at least 8 each.
JobPlan plan_jobs(const FaultsOptions& options, const std::vector<Injection>& injections,
                  unsigned parallel)
{
    JobPlan plan;
    // The suite's managed entry runs Main again in one CoreCLR runtime; on Mono every injection
    // has a process of its own.
    const bool sharing = !options.own_process && options.driver == "coreclr" &&
                         fs::is_regular_file(main_entry_path(options.scenario_root));
    for (std::size_t first = 0; first < injections.size();) {
        const auto* variant = injections[first].scenario;
        const bool shares = sharing && can_share_a_runtime(*variant);
        std::size_t end = first;
        std::vector<std::size_t> shareable;
        for (; end < injections.size() && injections[end].scenario == variant; ++end) {
            if (injections[end].result != E_FAIL && shares)
                shareable.push_back(end);
            else
                plan.jobs.push_back({{end}, false});
        }
        const auto chunks =
            std::clamp<std::size_t>(shareable.size() / 8, 1, std::max(1u, parallel));
        for (std::size_t chunk = 0; chunk < chunks && !shareable.empty(); ++chunk) {
            Job job{{}, true};
            for (std::size_t i = chunk; i < shareable.size(); i += chunks)
                job.injections.push_back(shareable[i]);
            plan.shared_runs += job.injections.size();
            ++plan.runtimes;
            plan.jobs.push_front(std::move(job)); // the long ones first
        }
        first = end;
    }
    return plan;
}

// The jobs' processes, --jobs at a time; an injection whose shared run shows a problem, or left
// no record, is queued to run again alone.
class InjectionRuns {
public:
    InjectionRuns(const FaultsOptions& options, std::vector<Injection>& injections)
        : options_(options), injections_(injections), pool_(options.jobs)
    {
    }
    unsigned parallel() const noexcept { return pool_.parallel(); }
    std::size_t alone_after_sharing() const noexcept { return alone_after_sharing_; }

    void add(const Job& job)
    {
        pool_.add([this, job] { return start(job); },
                  [this, job](const ChildEnd& end) -> std::optional<ChildProcess> {
                      ended(job, end);
                      return std::nullopt;
                  });
    }
    void run() { pool_.run(); }

private:
    ChildProcess start(const Job& job) const
    {
        for (const auto index : job.injections)
            for (const auto& stale : {injections_[index].trace, injections_[index].record(),
                                      trace::recording_path(injections_[index].trace)})
                fs::remove(stale);
        const auto& first = injections_[job.injections.front()];
        if (job.shared)
            return ChildProcess(run_again_argv(options_, injections_, job), first.trace + ".log",
                                std::chrono::seconds(60 + 5 * job.injections.size()));
        return ChildProcess(
            run_one_argv(options_, first.scenario->qualified_name(), first.trace, first.spec()),
            first.trace + ".log", 60s);
    }

    void ended(const Job& job, const ChildEnd& end)
    {
        for (const auto index : job.injections) {
            auto& injection = injections_[index];
            if (!job.shared) {
                conclude(injection, &end);
                continue;
            }
            const bool recorded = fs::exists(injection.record());
            if (recorded)
                conclude(injection, nullptr);
            if (!recorded || !injection.problems.empty()) {
                injection.problems.clear();
                injection.outcome = Result::Pass;
                ++alone_after_sharing_;
                add({{index}, false});
            }
        }
    }

    const FaultsOptions& options_;
    std::vector<Injection>& injections_;
    ProcessPool pool_;
    std::size_t alone_after_sharing_ = 0;
};

// A variant whose clean run did not pass: its verdict, with the reasons `run` gives.
void print_clean_failures(const std::vector<ScenarioVerdict>& failed_clean)
{
    for (const auto& verdict : failed_clean) {
        fmt::print("{}: the clean run (no injection) {}: nothing injected\n", verdict.scenario,
                   result_name(verdict.result));
        if (!verdict.failed.empty())
            fmt::print("  failed: {}\n", fmt::join(verdict.failed, ", "));
        for (const auto& problem : verdict.problems)
            fmt::print("  - {}\n", problem);
        for (const auto& violation : verdict.violations) // the reasons of a failed rule
            if (violation.level == rules::Level::Error)
                fmt::print("  - {} at seq {}: {}\n", violation.rule, violation.seq,
                           violation.message);
        fmt::print("  trace: {}\n", verdict.trace_path);
    }
}

int print_results(const std::vector<Injection>& injections, std::size_t variants,
                  const JobPlan& plan, std::size_t alone_after_sharing,
                  const std::vector<ScenarioVerdict>& failed_clean)
{
    print_clean_failures(failed_clean);
    std::size_t failed = 0;
    for (const auto& injection : injections) {
        if (injection.problems.empty())
            continue;
        ++failed;
        fmt::print("{}: app {} #{} <- {}: {}\n", injection.scenario->test_id(),
                   call_name(injection.call), injection.ordinal, hresult_describe(injection.result),
                   result_name(injection.outcome));
        for (const auto& problem : injection.problems)
            fmt::print("  - {}\n", problem);
        fmt::print("  trace: {}\n", injection.trace);
    }
    fmt::print("\n{} failure(s) injected into {} variant(s): {} in {} shared runtime(s), {} run "
               "again alone after a problem there; the driver reacted as documented to {}\n"
               "TM-FAILURE {}\n{} passed, {} failed\n",
               injections.size(), variants, plan.shared_runs, plan.runtimes, alone_after_sharing,
               injections.size() - failed,
               injections.empty() ? "NOT EXERCISED (nothing injected)"
               : failed           ? "FAIL"
                                  : "PASS",
               injections.size() - failed, failed);
    if (!failed_clean.empty())
        fmt::print("{} variant(s) failed their clean run: nothing injected into them\n",
                   failed_clean.size());
    return failed == 0 && failed_clean.empty() ? kConforms : kViolations;
}

int faults_command(const FaultsOptions& options)
{
    check_dotnet_root(options.dotnet_root);
    auto variants =
        scenario::load_scenario_variants(options.scenario_root, options.scenario, options.driver);
    for (const auto& variant : variants)
        if (variant.not_applicable)
            fmt::print("{}: not applicable: {}\n", variant.test_id(), *variant.not_applicable);
    std::erase_if(variants, [](const auto& variant) { return variant.not_applicable; });
    if (variants.empty())
        throw scenario::ScenarioError(fmt::format("--scenario {}: no variant runs on the {} driver",
                                                  options.scenario, options.driver));
    create_writable_folder(options.trace_dir, "--trace-dir");
    std::vector<ScenarioVerdict> failed_clean;
    auto injections = plan_variants(options, variants, failed_clean);
    InjectionRuns runs(options, injections);
    const auto plan = plan_jobs(options, injections, runs.parallel());
    for (const auto& job : plan.jobs)
        runs.add(job);
    runs.run();
    return print_results(injections, variants.size(), plan, runs.alone_after_sharing(),
                         failed_clean);
}

} // namespace

Subcommand register_faults(CLI::App& app)
{
    auto faults = std::make_shared<FaultsOptions>();
    auto* command = app.add_subcommand(
        "faults", "inject each documented failure into each app call; check the reaction");
    command
        ->add_option("--scenario", faults->scenario,
                     "scenario: name or S-number (doc-table, S01), with :language (S01:vb)")
        ->required();
    command->add_option("--host", faults->host, "host plug-in (.so); default: the reference host");
    command
        ->add_option("--max-calls", faults->max_calls, "app calls to inject into, from the first")
        ->capture_default_str();
    command->add_option("--trace-dir", faults->trace_dir, "folder for traces")
        ->capture_default_str();
    command->add_option("--jobs,-j", faults->jobs, "processes at once (default: cores)");
    command->add_option("--scenario-root", faults->scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    command->add_option("--dotnet-root", faults->dotnet_root, "the .NET install to run on");
    command
        ->add_option("--hang-limit", faults->hang_limit,
                     "seconds one host call may take before it is a hang")
        ->capture_default_str();
    command
        ->add_option("--driver", faults->driver,
                     "the runtime: coreclr, or mono (the apps' net48 build; every injection in a "
                     "process of its own)")
        ->check(CLI::IsMember({"coreclr", "mono"}))
        ->capture_default_str();
    command->add_flag("--own-process", faults->own_process,
                      "every injection in a process of its own (no shared runtime)");
    return {command, [faults] {
                if (faults->host.empty())
                    faults->host = driver::default_host_path();
                return faults_command(*faults);
            }};
}

} // namespace clrhost::cli
