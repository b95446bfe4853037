#include "conformance/reports/console_report.h"

#include <fmt/format.h>

#include <map>

namespace clrhost::cli {

void print_verdict_details(const ScenarioVerdict& verdict)
{
    fmt::print("\n--- {} ({}): {}", verdict.scenario, verdict.id, result_name(verdict.result));
    if (!verdict.failed.empty())
        fmt::print(" [{}]", fmt::join(verdict.failed, ", "));
    fmt::print("\n    trace: {}\n", verdict.trace_path);
    for (const auto& problem : verdict.problems)
        fmt::print("  - {}\n", problem);
    if (!verdict.comparison_table.empty())
        fmt::print("  expected (left) against recorded (right, with the host's answer), the app's "
                   "calls only; !! marks a difference:\n{}",
                   verdict.comparison_table);
    print_violations(verdict);
    for (const auto& crashed : verdict.crashed_threads)
        fmt::print("  - {}\n", crashed);
    print_still_running(verdict);
}

void print_violations(const ScenarioVerdict& verdict)
{
    // The first violations of each rule in full; the rest counted (the JSON report has all).
    constexpr std::size_t kShownPerRule = 3;
    std::map<std::string, std::size_t> seen;
    for (const auto& violation : verdict.violations) {
        if (++seen[violation.rule] > kShownPerRule)
            continue;
        fmt::print("  {} {} thread {} seq {}: {}\n", violation.rule,
                   rules::level_name(violation.level), violation.tid, violation.seq,
                   violation.message);
        for (const auto& line : violation.context)
            fmt::print("      {}\n", line);
    }
    for (const auto& [rule, count] : seen)
        if (count > kShownPerRule)
            fmt::print("  {}: {} more violation(s) of this rule not shown\n", rule,
                       count - kShownPerRule);
}

void print_still_running(const ScenarioVerdict& verdict)
{
    for (const auto& running : verdict.still_running)
        fmt::print("  info: {}\n", running);
}

void print_exerciser(const reports::ExerciserRun& run)
{
    fmt::print("exerciser: seed {}, {} thread(s), {} walk(s)\n", run.seed, run.threads, run.walks);
    for (const auto& each : run.obligations) {
        fmt::print("  {:<16} {:<14} {}\n", each.id, each.status,
                   each.status == "PASS" ? each.statement : each.message);
        if (each.status != "FAIL")
            continue;
        fmt::print("      shrunk to:\n");
        for (const auto& line : each.shrunk)
            fmt::print("        {}\n", line);
        fmt::print("      reproduce: {}\n", each.reproducer);
    }
}

namespace {

// One line per variant: every rule with its result; "PASS (exerciser)" where only the
// exerciser exercised it.
void print_rule_results(const std::vector<ScenarioVerdict>& verdicts)
{
    fmt::print("\nrules (PASS, FAIL, NOT EXERCISED):\n");
    for (const auto& verdict : verdicts) {
        std::vector<std::string> shown;
        for (const auto& rule : rules::all_rules()) {
            const auto by = expectations::exercised_by(verdict, rule.id);
            shown.push_back(fmt::format("{} {}{}", rule.id,
                                        expectations::rule_status(verdict, rule.id),
                                        by == "exerciser" ? " (exerciser)" : ""));
        }
        fmt::print("  {:<32} {}\n", verdict.scenario, fmt::join(shown, ", "));
    }
}

} // namespace

void print_summary(const std::vector<ScenarioVerdict>& verdicts,
                   const expectations::RunOutcome& outcome, const reports::ExerciserRun& exerciser)
{
    using expectations::Outcome;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const auto& variant = outcome.variants.at(i).variant;
        if (variant.outcome == Outcome::Pass)
            continue;
        print_verdict_details(verdicts[i]);
        // A note that names its outcome already ("XFAIL: reason") is printed as it is.
        const auto name = expectations::outcome_name(variant.outcome);
        if (variant.note.starts_with(name))
            fmt::print("  {}\n", variant.note);
        else if (!variant.note.empty())
            fmt::print("  {}: {}\n", name, variant.note);
    }
    for (const auto& stale : outcome.stale)
        fmt::print("\n{}\n", stale.message);
    print_rule_results(verdicts);
    fmt::print("\n{:<34} {:<5} {:<6} {:>10}  {}\n", "scenario", "id", "result", "app calls",
               "failed");
    if (exerciser.ran) {
        std::vector<std::string> failed;
        for (const auto& each : exerciser.obligations)
            if (each.status == "FAIL")
                failed.push_back(each.id);
        fmt::print("{:<34} {:<5} {:<6} {:>10}  {}\n", "exerciser", "-", exerciser.result(), "-",
                   fmt::join(failed, " "));
    }
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const auto& verdict = verdicts[i];
        // The verdict (PASS, FAIL, CRASH, HANG, ERROR) unless an expectation changed it.
        const auto final = outcome.variants.at(i).variant.outcome;
        const auto shown =
            final == Outcome::Pass || final == Outcome::Fail || final == Outcome::Error
                ? result_name(verdict.result)
                : expectations::outcome_name(final);
        fmt::print("{:<34} {:<5} {:<6} {:>10}  {}\n", verdict.scenario, verdict.id, shown,
                   verdict.app_calls, fmt::join(verdict.failed, " "));
    }
    fmt::print("\n{} passed, {} failed", outcome.passed + outcome.flaky,
               outcome.failed + outcome.xpass + outcome.errors);
    const std::pair<std::size_t, std::string_view> counts[] = {
        {outcome.flaky, "flaky"},
        {outcome.xfail, "xfail"},
        {outcome.xpass, "xpass"},
        {outcome.stale.size(), "stale expectation(s)"}};
    for (const auto& [count, name] : counts)
        if (count)
            fmt::print(", {} {}", count, name);
    if (exerciser.failed())
        fmt::print(", the exerciser failed");
    fmt::print("\n");
}

void print_summary(const std::vector<ScenarioVerdict>& verdicts)
{
    print_summary(verdicts, expectations::apply({}, verdicts, {}));
}

} // namespace clrhost::cli
