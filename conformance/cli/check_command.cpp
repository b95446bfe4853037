// `check TRACE [--scenario ID]`: a saved trace, offline, against the rules and a scenario's
// expected calls: the one named, else the one the trace's header names (a run's trace), when the
// scenario root has it.
#include "conformance/cli/commands.h"
#include "conformance/reports/console_report.h"
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_input.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

namespace clrhost::cli {

struct CheckOptions {
    std::string trace;
    std::string scenario;
    std::string scenario_root = default_scenario_root();
    bool strict = false;
    bool died = false;
};

// The scenario to compare with: what the app owes the host depends on the runtime that ran it
// (scenario.json's "drivers"), which the trace's header names. A test id's "@driver"
// ("doc-table:vb@netfx") must name the same one. Without --scenario, the header's scenario, when
// the scenario root holds it (a trace judged on another machine may come without its scenarios).
std::optional<scenario::Scenario> trace_scenario(const CheckOptions& options)
{
    const auto header = trace::open_trace(options.trace)->header();
    const auto& driver = header.driver;
    if (options.scenario.empty()) {
        if (header.scenario.empty())
            return std::nullopt;
        const auto name = header.scenario.substr(0, header.scenario.find(':'));
        if (!std::filesystem::exists(std::filesystem::path(options.scenario_root) / name /
                                     "scenario.json")) {
            fmt::print("note: {} is a run of {}, which {} does not hold: the rules alone judge it "
                       "(give --scenario-root the scenarios' folder)\n",
                       options.trace, header.scenario, options.scenario_root);
            return std::nullopt;
        }
        return scenario::load_scenario(options.scenario_root, header.scenario, driver);
    }
    const auto at = options.scenario.find('@');
    if (at != std::string::npos && options.scenario.substr(at + 1) != driver)
        throw scenario::ScenarioError(
            fmt::format("--scenario {}: {} was recorded by the {} driver: name @{} or no driver",
                        options.scenario, options.trace, driver, driver));
    return scenario::load_scenario(options.scenario_root, options.scenario.substr(0, at), driver);
}

int check_command(const CheckOptions& options)
{
    std::optional<scenario::Scenario> scenario;
    ScenarioVerdict verdict;
    try {
        scenario = trace_scenario(options);
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
    verdict.scenario = scenario ? scenario->test_id() : options.trace;
    if (scenario)
        verdict.driver = scenario->driver;
    verdict.id = scenario ? scenario->id : "-";
    fmt::print("{}: {} calls checked, {} app calls\n", options.trace, verdict.calls,
               verdict.app_calls);
    if (const auto unobserved = scenario::driver_traits(verdict.driver).unobserved;
        scenario && !unobserved.empty())
        fmt::print("note: {}'s expectations are {}\n", verdict.scenario, unobserved);
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

Subcommand register_check(CLI::App& app)
{
    auto check = std::make_shared<CheckOptions>();
    auto* command = app.add_subcommand("check", "check a saved trace against the rules");
    command->add_option("trace", check->trace, "trace file (JSON Lines, format v1)")->required();
    command->add_option(
        "--scenario", check->scenario,
        "compare with this scenario (name or S-number, :language, @driver; default: the "
        "run's, which the trace's header names)");
    command->add_option("--scenario-root", check->scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    command->add_flag("--strict", check->strict, "warnings fail too");
    command->add_flag("--died", check->died, "the process died: open layers are a crash");
    return {command, [check] { return check_command(*check); }};
}

Subcommand register_rules(CLI::App& app)
{
    return {app.add_subcommand("rules", "list the protocol rules and their levels"), rules_command};
}

} // namespace clrhost::cli
