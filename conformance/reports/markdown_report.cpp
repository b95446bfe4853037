// Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): a results table, then for each test
// that fails the run its problems, a Mermaid sequence diagram of the expected against the
// observed calls with the first divergence marked, and the line that reproduces it.
#include "conformance/reports/report_text.h"
#include "conformance/reports/reports.h"

#include <fmt/format.h>

#include <algorithm>

namespace clrhost::reports {
namespace {

using expectations::Outcome;

constexpr std::size_t kMaxRows = 60;    // calls drawn at most per diagram
constexpr std::size_t kRowsBefore = 20; // of them, before the first divergence
constexpr std::size_t kRowsAfterDeath = 3;
constexpr std::size_t kMaxViolations = 20;

// The outcome, or for a plain pass or failure the verdict itself (CRASH, HANG, ...).
std::string badge(Outcome outcome, cli::Result result)
{
    const auto plain =
        outcome == Outcome::Pass || outcome == Outcome::Fail || outcome == Outcome::Error;
    const auto name = plain ? cli::result_name(result) : expectations::outcome_name(outcome);
    switch (outcome) {
    case Outcome::Pass:
    case Outcome::Flaky:
        return fmt::format("✅ {}", name);
    case Outcome::Xfail:
    case Outcome::Skipped:
        return fmt::format("⚠️ {}", name);
    default:
        return fmt::format("❌ {}", name);
    }
}

std::string fenced(std::string_view language, const std::string& text)
{
    // A fence longer than any run of backticks in the text.
    std::size_t longest = 0, run = 0;
    for (const char c : text)
        longest = std::max(longest, run = c == '`' ? run + 1 : 0);
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    return fmt::format("{}{}\n{}{}{}\n", fence, language, text,
                       text.empty() || text.back() == '\n' ? "" : "\n", fence);
}

} // namespace

// Expected (left lane) against observed (right lane) calls, both as the runtime's calls to the
// host; the first call that differs sits in a red box, its observed arrow crossed.
std::string sequence_diagram(const cli::ScenarioVerdict& verdict)
{
    const auto& expected = verdict.expected_calls;
    const auto& observed = verdict.observed_calls;
    const auto rows = std::max(expected.size(), observed.size());
    if (rows == 0)
        return {};
    const auto divergence = verdict.first_divergence;
    const bool died = verdict.result == cli::Result::Crash || verdict.result == cli::Result::Hang;
    const std::size_t focus = divergence ? *divergence : died ? observed.size() : 0;
    // A window of kMaxRows calls from kRowsBefore before the focus; after a death, a few
    // expected calls only.
    std::size_t begin = 0, end = rows;
    if (rows > kMaxRows) {
        begin = focus > kRowsBefore ? std::min(focus - kRowsBefore, rows - kMaxRows) : 0;
        end = begin + kMaxRows;
    }
    if (died && !divergence)
        end = std::min(end, focus + kRowsAfterDeath);
    std::string out = "sequenceDiagram\n"
                      "    participant R as Runtime\n"
                      "    participant E as Host (expected)\n"
                      "    participant O as Host (observed)\n";
    if (begin > 0)
        out += fmt::format("    Note over R,O: calls 1 to {} left out{}\n", begin,
                           divergence ? " (they match)" : "");
    for (std::size_t i = begin; i < end; ++i) {
        const bool first = divergence && i == *divergence;
        if (first)
            out += fmt::format("    rect rgb(255, 221, 221)\n"
                               "    Note over R,O: first divergence: call {}\n",
                               i + 1);
        if (i < expected.size())
            out += fmt::format("    R->>E: {}. {}\n", i + 1, mermaid_text(expected[i]));
        else
            out += fmt::format("    Note over E: {}. (nothing expected)\n", i + 1);
        if (i < observed.size())
            out += fmt::format("    R{}O: {}. {}\n", first ? "-x" : "->>", i + 1,
                               mermaid_text(observed[i]));
        else
            out += fmt::format("    Note over O: {}. (nothing observed)\n", i + 1);
        if (first)
            out += "    end\n";
        if (died && i + 1 == observed.size())
            out += fmt::format("    Note over R,O: the scenario process {} here\n",
                               verdict.result == cli::Result::Crash ? "died" : "hung");
    }
    if (end < rows)
        out += fmt::format("    Note over R,O: {} more call(s) left out\n", rows - end);
    return out;
}

namespace {

std::string failure_section(const Report& report, const cli::ScenarioVerdict& verdict,
                            const expectations::VariantOutcome& outcome)
{
    std::string out =
        fmt::format("\n### {} {} ({})\n\n", badge(outcome.variant.outcome, verdict.result),
                    verdict.scenario, verdict.id);
    std::string text = fmt::format("result: {}", cli::result_name(verdict.result));
    if (!verdict.failed.empty())
        text += fmt::format(" [{}]", fmt::join(verdict.failed, ", "));
    if (!outcome.variant.note.empty())
        text += fmt::format("\n{}", outcome.variant.note);
    text += fmt::format("\ntrace: {}\n", verdict.trace_path);
    for (const auto& problem : verdict.problems)
        text += fmt::format("- {}\n", problem);
    const auto shown = std::min(verdict.violations.size(), kMaxViolations);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& violation = verdict.violations[i];
        text += fmt::format("{} {} thread {} seq {}: {}\n", violation.rule,
                            rules::level_name(violation.level), violation.tid, violation.seq,
                            violation.message);
    }
    if (shown < verdict.violations.size())
        text += fmt::format("... and {} more violation(s)\n", verdict.violations.size() - shown);
    for (const auto& crashed : verdict.crashed_threads)
        text += fmt::format("- {}\n", crashed);
    out += fenced("text", text);
    if (const auto diagram = sequence_diagram(verdict); !diagram.empty())
        out += "\nExpected against observed calls (the app's own; a red box marks the first "
               "divergence):\n\n" +
               fenced("mermaid", diagram);
    out += "\nReproduce:\n\n" + fenced("sh", reproducer(report.info, verdict.scenario));
    return out;
}

std::string exerciser_badge(const std::string& status)
{
    return status == "PASS" ? "✅ PASS" : status == "FAIL" ? "❌ FAIL" : "⚠️ NOT EXERCISED";
}

// The exerciser's row: each obligation, and a failure's shrunk program and reproducer line.
std::string exerciser_section(const ExerciserRun& run)
{
    if (!run.ran)
        return "\nExerciser: not run (`--no-exercise`).\n";
    std::string out =
        fmt::format("\n### Exerciser: {}\n\nSeed {}, {} thread(s), {} walk(s).\n\n"
                    "| obligation | result | detail |\n|---|---|---|\n",
                    run.failed() ? "❌ FAIL" : "✅ PASS", run.seed, run.threads, run.walks);
    for (const auto& each : run.obligations)
        out +=
            fmt::format("| {} | {} | {} |\n", markdown_cell(each.id), exerciser_badge(each.status),
                        markdown_cell(each.status == "PASS" ? each.statement : each.message));
    for (const auto& each : run.obligations) {
        if (each.status != "FAIL")
            continue;
        std::string text = each.message + "\n";
        for (const auto& line : each.shrunk)
            text += "  " + line + "\n";
        out += fmt::format("\n{} shrunk to:\n\n", each.id) + fenced("text", text) +
               "\nReproduce:\n\n" + fenced("sh", each.reproducer);
    }
    return out;
}

// The rules of a variant no call exercised, for its row.
std::string not_exercised(const cli::ScenarioVerdict& verdict)
{
    std::string ids;
    for (const auto& rule : rules::all_rules())
        if (expectations::rule_status(verdict, rule.id) == "NOT EXERCISED")
            ids += fmt::format("{}{}", ids.empty() ? "" : ", ", rule.id);
    return ids;
}

// Conforms or not; a conforming run with known failures says how many, so that a host that
// conforms except for its XFAIL entries does not read as one that conforms.
std::string headline(const expectations::RunOutcome& outcome)
{
    if (outcome.run_failed() || outcome.errors)
        return "❌ the host does not conform";
    if (outcome.xfail == 0)
        return "✅ the host conforms";
    return fmt::format("⚠️ the host conforms, except {} known failure{}", outcome.xfail,
                       outcome.xfail == 1 ? "" : "s");
}

} // namespace

std::string markdown_report(const Report& report)
{
    const auto& info = report.info;
    const auto& outcome = report.outcome;
    std::string out = fmt::format("## clrhost-conformance: {}\n\n", headline(outcome));
    out += fmt::format(
        "Host **{}** {} (`{}`), driver {}, runtime {}; suite {} ({}){}.\n\n",
        markdown_cell(info.host_name), markdown_cell(info.host_version),
        markdown_cell(info.host_path), info.driver,
        info.runtime.empty() ? "unknown" : markdown_cell(info.runtime), suite_version(),
        git_revision(),
        outcome.expectations_source.empty()
            ? std::string()
            : fmt::format("; expectations `{}`", markdown_cell(outcome.expectations_source)));
    out += fmt::format("**{} passed, {} failed**", outcome.passed + outcome.flaky,
                       outcome.failed + outcome.xpass + outcome.errors);
    const std::pair<std::size_t, std::string_view> counts[] = {
        {outcome.flaky, "flaky"},
        {outcome.xfail, "xfail"},
        {outcome.xpass, "xpass"},
        {outcome.errors, "error"},
        {outcome.stale.size(), "stale expectation"}};
    for (const auto& [count, name] : counts)
        if (count)
            out += fmt::format(", {} {}", count, name);
    if (report.info.exerciser.failed())
        out += ", the exerciser failed";
    out += "\n";
    out += exerciser_section(report.info.exerciser);
    out += "\n| scenario | id | result | failed rules | not exercised |\n|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < report.verdicts.size(); ++i) {
        const auto& verdict = report.verdicts[i];
        const auto& variant = outcome.variants.at(i).variant;
        std::string failed = fmt::format("{}", fmt::join(verdict.failed, ", "));
        if (!variant.note.empty())
            failed += (failed.empty() ? "" : " — ") + variant.note;
        out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(verdict.scenario),
                           markdown_cell(verdict.id), badge(variant.outcome, verdict.result),
                           markdown_cell(failed), markdown_cell(not_exercised(verdict)));
    }
    if (!outcome.stale.empty()) {
        out += "\n**Stale expectation entries** (they fail the run):\n\n";
        for (const auto& stale : outcome.stale)
            out += fmt::format("- {}\n", markdown_cell(stale.message));
    }
    for (std::size_t i = 0; i < report.verdicts.size(); ++i)
        if (expectations::is_failure(outcome.variants.at(i).variant.outcome))
            out += failure_section(report, report.verdicts[i], outcome.variants[i]);
    return out;
}

} // namespace clrhost::reports
