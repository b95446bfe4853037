#include "report.h"

#include <fmt/format.h>

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
        fmt::print("  expected (left) against observed (right), the app's calls only:\n{}",
                   verdict.comparison_table);
    for (const auto& violation : verdict.violations) {
        fmt::print("  {} {} thread {} seq {}: {}\n", violation.rule,
                   rules::level_name(violation.level), violation.tid, violation.seq,
                   violation.message);
        for (const auto& line : violation.context)
            fmt::print("      {}\n", line);
    }
    for (const auto& crashed : verdict.crashed_threads)
        fmt::print("  - {}\n", crashed);
}

void print_summary(const std::vector<ScenarioVerdict>& verdicts)
{
    std::size_t passed = 0;
    for (const auto& verdict : verdicts)
        if (verdict.result != Result::Pass)
            print_verdict_details(verdict);
    fmt::print("\n{:<34} {:<5} {:<6} {:>10}  {}\n", "scenario", "id", "result", "app calls",
               "failed");
    for (const auto& verdict : verdicts) {
        passed += verdict.result == Result::Pass;
        fmt::print("{:<34} {:<5} {:<6} {:>10}  {}\n", verdict.scenario, verdict.id,
                   result_name(verdict.result), verdict.app_calls, fmt::join(verdict.failed, " "));
    }
    fmt::print("\n{} passed, {} failed\n", passed, verdicts.size() - passed);
}

} // namespace clrhost::cli
