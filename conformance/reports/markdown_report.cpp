// Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): a results table, then for each test
// that fails the run its problems, a Mermaid sequence diagram of the expected against the
// observed calls with the first divergence marked, and the line that reproduces it.
#include "conformance/reports/report_text.h"
#include "conformance/reports/reports.h"

#include <fmt/format.h>

#include <clrhost/hresult.h>

#include <algorithm>

namespace clrhost::reports {
namespace {

using expectations::Outcome;

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

namespace {

constexpr std::size_t kContext = 3; // calls drawn either side of a difference or a fault
// Calls drawn at most per diagram: one arrow each in one lane, two in two (about 40 pixels an
// arrow, so either stays near 1,500 pixels).
constexpr std::size_t kMaxDrawnOneLane = 36;
constexpr std::size_t kMaxDrawnTwoLanes = 16;
constexpr std::size_t kGapDrawn = 2; // a run of calls this short is drawn, not counted

bool two_lanes(const cli::ScenarioVerdict& verdict)
{
    return !verdict.divergences.empty();
}

// The calls a diagram is about: those that differ (two lanes), those the verdict faults, and
// the last one before the process died.
std::vector<std::size_t> focus_of(const cli::ScenarioVerdict& verdict)
{
    std::vector<std::size_t> focus;
    if (two_lanes(verdict))
        focus = verdict.divergences;
    const auto& recorded = verdict.observed_calls;
    for (std::size_t i = 0; i < recorded.size(); ++i)
        if (!recorded[i].fault.empty())
            focus.push_back(i);
    const bool died = verdict.result == cli::Result::Crash || verdict.result == cli::Result::Hang;
    if (died && !recorded.empty())
        focus.push_back(recorded.size() - 1);
    std::sort(focus.begin(), focus.end());
    focus.erase(std::unique(focus.begin(), focus.end()), focus.end());
    return focus;
}

// "= S_OK", "= E_FAIL", or for a call the bridge did not make "(skipped: not called)".
std::string answer_text(const cli::DrawnCall& call)
{
    if (call.skipped)
        return " (skipped: not called)";
    if (!call.hr)
        return {};
    const auto symbol = hresult_symbol(*call.hr);
    return " = " + (symbol.empty() ? hresult_hex(*call.hr) : std::string(symbol));
}

std::string label(std::size_t row, const cli::DrawnCall& call)
{
    return fmt::format("{}. {}{}", row + 1, mermaid_text(call.text),
                       mermaid_text(answer_text(call)));
}

// What a run of calls left out of the drawing holds, for its note.
std::string left_out_note(const cli::ScenarioVerdict& verdict, std::size_t begin, std::size_t end)
{
    const auto count = end - begin;
    const auto plural = count == 1 ? "" : "s";
    if (two_lanes(verdict)) {
        const auto& differ = verdict.divergences;
        const auto differing = static_cast<std::size_t>(std::count_if(
            differ.begin(), differ.end(), [&](std::size_t i) { return i >= begin && i < end; }));
        if (differing == 0)
            return fmt::format("… {} identical call{} …", count, plural);
        return differing == count ? fmt::format("… {} call{} left out, {} differ …", count, plural,
                                                count == 1 ? "it" : "all")
                                  : fmt::format("… {} call{} left out, {} of them differ …", count,
                                                plural, differing);
    }
    const auto& recorded = verdict.observed_calls;
    const auto first = recorded.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last =
        recorded.begin() + static_cast<std::ptrdiff_t>(std::min(end, recorded.size()));
    if (std::all_of(first, last, [](const auto& call) { return call.skipped; }))
        return fmt::format("… {} skipped call{} …", count, plural);
    if (std::all_of(first, last, [](const auto& call) { return call.hr == S_OK; }))
        return fmt::format("… {} call{}, each answered S_OK …", count, plural);
    return fmt::format("… {} call{} …", count, plural);
}

} // namespace

std::vector<bool> rows_to_draw(std::size_t rows, const std::vector<std::size_t>& focus,
                               std::size_t max_drawn)
{
    std::vector<bool> drawn(rows);
    std::size_t count = 0;
    for (const auto at : focus) {
        const auto from = at > kContext ? at - kContext : 0;
        const auto to = std::min(rows, at + kContext + 1);
        std::size_t adds = 0;
        for (auto i = from; i < to; ++i)
            adds += drawn[i] ? 0 : 1;
        if (count + adds > max_drawn && count > 0)
            break; // the first few differences tell the story; the rest are counted
        for (auto i = from; i < to; ++i)
            drawn[i] = true;
        count += adds;
    }
    // A note takes the room of a call: a gap of a call or two is drawn instead.
    for (std::size_t i = 0; i < rows;) {
        auto end = i;
        while (end < rows && !drawn[end])
            ++end;
        if (end - i <= kGapDrawn)
            std::fill(drawn.begin() + static_cast<std::ptrdiff_t>(i),
                      drawn.begin() + static_cast<std::ptrdiff_t>(end), true);
        i = end + 1;
    }
    return drawn;
}

namespace {

struct Diagram {
    const cli::ScenarioVerdict& verdict;
    bool both; // two lanes: expected against recorded
    bool died; // the process crashed or hung after its last recorded call
    const char* span() const { return both ? "E,O" : "R,H"; }
    const char* lane() const { return both ? "O" : "H"; }
};

// Why a row sits in a red box: the first difference, or what the verdict faults at its call.
std::vector<std::string> why_boxed(const Diagram& diagram, std::size_t i, bool differs)
{
    const auto& divergences = diagram.verdict.divergences;
    const auto& recorded = diagram.verdict.observed_calls;
    std::vector<std::string> why;
    if (differs && i == divergences.front())
        why.push_back(fmt::format("first difference: call {}", i + 1));
    if (i < recorded.size() && recorded[i].fault == "failed-call")
        why.push_back(fmt::format("call {}: the host failed a correct call", i + 1));
    else if (i < recorded.size() && !recorded[i].fault.empty())
        why.push_back(fmt::format("call {} breaks {}", i + 1, recorded[i].fault));
    return why;
}

std::string death_note(const Diagram& diagram)
{
    const auto& verdict = diagram.verdict;
    const auto expected = verdict.expected_calls.size();
    const auto recorded = verdict.observed_calls.size();
    return fmt::format(
        "    Note over {}: the scenario process {} here{}\n", diagram.span(),
        verdict.result == cli::Result::Crash ? "died" : "hung",
        expected > recorded && !diagram.both
            ? fmt::format(", {} call(s) short of the expected {}", expected - recorded, expected)
            : std::string());
}

// One drawn row: the expected call (two lanes) and the recorded one, boxed where it matters.
std::string draw_row(const Diagram& diagram, std::size_t i)
{
    const auto& verdict = diagram.verdict;
    const auto& expected = verdict.expected_calls;
    const auto& recorded = verdict.observed_calls;
    const bool differs = diagram.both && std::binary_search(verdict.divergences.begin(),
                                                            verdict.divergences.end(), i);
    const auto why = why_boxed(diagram, i, differs);
    const bool last = diagram.died && i + 1 == recorded.size();
    const bool boxed = !why.empty() || last;
    std::string out;
    if (boxed)
        out += "    rect rgb(255, 221, 221)\n";
    if (!why.empty())
        out += fmt::format("    Note over {}: {}\n", diagram.span(),
                           mermaid_text(fmt::format("{}", fmt::join(why, "; "))));
    if (diagram.both && i < expected.size())
        out += fmt::format("    R{}E: {}\n", expected[i].skipped ? "-->>" : "->>",
                           label(i, expected[i]));
    else if (diagram.both)
        out += fmt::format("    Note over E: {}. (nothing expected)\n", i + 1);
    if (i < recorded.size())
        out += fmt::format("    R{}{}{}: {}\n", recorded[i].skipped ? "--" : "-",
                           differs ? "x" : ">>", diagram.lane(), label(i, recorded[i]));
    else
        out += fmt::format("    Note over {}: {}. (nothing recorded)\n", diagram.lane(), i + 1);
    if (last)
        out += death_note(diagram);
    if (boxed)
        out += "    end\n";
    return out;
}

} // namespace

// Two lanes, expected against recorded calls, where they differ: the differing calls with a few
// either side, the rest counted in notes, the first difference in a red box. Where the calls
// are the expected ones but the verdict faults one (a rule, a failed call), one lane around it.
std::string sequence_diagram(const cli::ScenarioVerdict& verdict)
{
    const auto focus = focus_of(verdict);
    if (focus.empty())
        return {};
    const Diagram diagram{verdict, two_lanes(verdict),
                          verdict.result == cli::Result::Crash ||
                              verdict.result == cli::Result::Hang};
    const auto rows = diagram.both
                          ? std::max(verdict.expected_calls.size(), verdict.observed_calls.size())
                          : verdict.observed_calls.size();
    const auto drawn =
        rows_to_draw(rows, focus, diagram.both ? kMaxDrawnTwoLanes : kMaxDrawnOneLane);
    // Two lanes: the expected host left of the runtime and the recorded one right of it, so
    // that neither arrow's text crosses the other host's lifeline.
    std::string out = diagram.both ? "sequenceDiagram\n"
                                     "    participant E as Host (expected)\n"
                                     "    participant R as Runtime\n"
                                     "    participant O as Host (recorded)\n"
                                   : "sequenceDiagram\n"
                                     "    participant R as Runtime\n"
                                     "    participant H as Host\n";
    for (std::size_t i = 0; i < rows;) {
        if (drawn[i]) {
            out += draw_row(diagram, i++);
            continue;
        }
        auto end = i;
        while (end < rows && !drawn[end])
            ++end;
        out +=
            fmt::format("    Note over {}: {}\n", diagram.span(), left_out_note(verdict, i, end));
        i = end;
    }
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
        out += (two_lanes(verdict)
                    ? "\nExpected against recorded calls, where they differ (the app's own; a "
                      "red box marks the first difference):\n\n"
                    : "\nThe recorded calls around the failure (the app's own; a red box marks "
                      "the failing call):\n\n") +
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
    for (const auto& each : info.not_applicable)
        out += fmt::format("| {} | {} | not applicable | {} | |\n", markdown_cell(each.scenario),
                           markdown_cell(each.id), markdown_cell(each.reason));
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
