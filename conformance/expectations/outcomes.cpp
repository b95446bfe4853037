#include "conformance/expectations/outcomes.h"

#include <fmt/format.h>

#include <algorithm>

namespace clrhost::expectations {
namespace {

using cli::Result;
using cli::ScenarioVerdict;

bool contains(const std::vector<std::string>& list, std::string_view item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool is(const Entry* entry, Kind kind)
{
    return entry && entry->kind == kind;
}

// A rule that passed reads PASS only where a call exercised it: the variant's, or for a
// host-judged rule the exerciser's on the same host; otherwise NOT EXERCISED.
void mark_exercised(TestOutcome& out, const ScenarioVerdict& verdict, std::string_view rule)
{
    out.exercised_by = exercised_by(verdict, rule);
    if (out.exercised_by == "exerciser" && out.note.empty()) {
        out.note = "exercised by the exerciser";
    } else if (out.exercised_by.empty()) {
        out.outcome = Outcome::NotExercised;
        const auto* known = rules::find_rule(rule);
        out.note = fmt::format("no call exercised it ({})",
                               known ? known->exercised_when : std::string_view("?"));
    }
}

TestOutcome rule_outcome(const Expectations& expectations, const ScenarioVerdict& verdict,
                         std::string_view rule)
{
    TestOutcome out;
    out.test = fmt::format("{}/{}", verdict.scenario, rule);
    const bool failed = contains(verdict.failed, rule);
    auto* entry = expectations.find(verdict.scenario, std::string(rule));
    // A pattern names a family of tests, some of which may pass: it covers only their failures.
    if (entry && entry->is_pattern() && entry->kind == Kind::Xfail && !failed)
        entry = nullptr;
    if (entry)
        out.expectation = *entry;
    if (verdict.result == Result::Error) {
        out.outcome = Outcome::Skipped;
        out.note = "the scenario could not run";
    } else if (is(entry, Kind::Xfail)) {
        out.outcome = failed ? Outcome::Xfail : Outcome::Xpass;
        out.note =
            fmt::format("{}: {}", failed ? "XFAIL" : "passed, but XFAIL says", entry->reason);
    } else if (failed) {
        out.outcome = Outcome::Fail;
    } else if (is(entry, Kind::Flaky) && verdict.tries > 1) {
        out.outcome = Outcome::Flaky;
        out.note = fmt::format("passed on try {} (FLAKY: {})", verdict.tries, entry->reason);
    }
    if (out.outcome == Outcome::Pass || out.outcome == Outcome::Flaky)
        mark_exercised(out, verdict, rule);
    return out;
}

TestOutcome variant_outcome(const Expectations& expectations, const ScenarioVerdict& verdict,
                            const std::vector<TestOutcome>& rules)
{
    TestOutcome out;
    out.test = verdict.scenario;
    auto* entry = expectations.find(verdict.scenario);
    if (entry && entry->is_pattern() && entry->kind == Kind::Xfail &&
        verdict.result == Result::Pass)
        entry = nullptr; // as for a rule: a pattern covers only the failures among its tests
    if (entry)
        out.expectation = *entry;
    const bool any_flaky =
        is(entry, Kind::Flaky) || std::any_of(rules.begin(), rules.end(), [](auto& rule) {
            return rule.expectation && rule.expectation->kind == Kind::Flaky;
        });
    // Every check the variant failed is a rule with an XFAIL entry.
    const bool failures_known =
        verdict.result == Result::Fail && !verdict.failed.empty() &&
        std::all_of(verdict.failed.begin(), verdict.failed.end(), [&](const std::string& id) {
            return is(expectations.find(verdict.scenario, id), Kind::Xfail);
        });
    if (verdict.result == Result::Error) {
        out.outcome = Outcome::Error;
    } else if (verdict.result == Result::Pass) {
        if (is(entry, Kind::Xfail)) {
            out.outcome = Outcome::Xpass;
            out.note = fmt::format("passed, but XFAIL says: {}", entry->reason);
        } else if (any_flaky && verdict.tries > 1) {
            out.outcome = Outcome::Flaky;
            out.note = fmt::format("passed on try {}", verdict.tries);
            if (entry)
                out.note += fmt::format(" ({})", entry->reason);
        }
    } else if (is(entry, Kind::Xfail)) {
        out.outcome = Outcome::Xfail;
        out.note = fmt::format("XFAIL: {}", entry->reason);
    } else if (failures_known) {
        // The reasons are the rules' entries': each known failure says why it is one.
        out.outcome = Outcome::Xfail;
        std::vector<std::string> reasons;
        for (const auto& id : verdict.failed) {
            const auto* known = expectations.find(verdict.scenario, id);
            reasons.push_back(fmt::format("{}: {}", id, known->reason));
            if (!out.expectation)
                out.expectation = *known;
        }
        out.note = fmt::format("XFAIL: {}", fmt::join(reasons, "; "));
    } else {
        out.outcome = Outcome::Fail;
        if (verdict.tries > 1)
            out.note = fmt::format("failed {} tries", verdict.tries);
    }
    // A rule that passed against its XFAIL entry makes the variant an unexpected pass too.
    const auto xpass = std::find_if(rules.begin(), rules.end(),
                                    [](auto& rule) { return rule.outcome == Outcome::Xpass; });
    if (out.outcome < Outcome::Xpass && xpass != rules.end()) {
        out.outcome = Outcome::Xpass;
        out.note = fmt::format("{} {}", xpass->test, xpass->note);
    }
    return out;
}

// A pattern is stale when it matches no scenario variant, or, for an XFAIL pattern, when every
// test of this run it matches passed (a pattern does not make each of them an XPASS: this is
// its unexpected pass). "" when it is not stale.
std::string pattern_staleness(const Entry& entry, const std::vector<ScenarioVerdict>& verdicts,
                              const std::set<std::string>& known_variants)
{
    if (std::none_of(known_variants.begin(), known_variants.end(),
                     [&](const std::string& variant) { return entry.covers(variant, entry.rule); }))
        return "the pattern matches no scenario variant";
    if (entry.kind != Kind::Xfail)
        return {};
    std::size_t matched = 0;
    for (const auto& verdict : verdicts) {
        if (!entry.covers(verdict.scenario, entry.rule) || verdict.result == Result::Error)
            continue;
        ++matched;
        const bool failed = entry.rule.empty() ? verdict.result != Result::Pass
                                               : contains(verdict.failed, entry.rule);
        if (failed)
            return {};
    }
    if (matched == 0)
        return {};
    return fmt::format("all {} test(s) it matches passed: remove the entry", matched);
}

} // namespace

std::string_view outcome_name(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pass:
        return "PASS";
    case Outcome::Flaky:
        return "FLAKY";
    case Outcome::Xfail:
        return "XFAIL";
    case Outcome::Skipped:
        return "SKIPPED";
    case Outcome::NotExercised:
        return "NOT EXERCISED";
    case Outcome::Xpass:
        return "XPASS";
    case Outcome::Fail:
        return "FAIL";
    case Outcome::Error:
        return "ERROR";
    }
    return "?";
}

std::string_view rule_status(const ScenarioVerdict& verdict, std::string_view rule)
{
    if (contains(verdict.failed, rule))
        return "FAIL";
    return exercised_by(verdict, rule).empty() ? "NOT EXERCISED" : "PASS";
}

std::string_view exercised_by(const ScenarioVerdict& verdict, std::string_view rule)
{
    if (contains(verdict.failed, rule))
        return {};
    if (contains(verdict.exercised, rule))
        return "scenario";
    return contains(verdict.exercised_by_exerciser, rule) ? "exerciser" : "";
}

bool is_failure(Outcome outcome)
{
    return outcome == Outcome::Xpass || outcome == Outcome::Fail || outcome == Outcome::Error;
}

RunOutcome apply(const Expectations& expectations, const std::vector<ScenarioVerdict>& verdicts,
                 const std::set<std::string>& known_variants)
{
    RunOutcome run;
    run.expectations_source = expectations.source();
    for (const auto& verdict : verdicts) {
        VariantOutcome out;
        for (const auto& rule : rules::all_rules())
            out.rules.push_back(rule_outcome(expectations, verdict, rule.id));
        out.variant = variant_outcome(expectations, verdict, out.rules);
        switch (out.variant.outcome) {
        case Outcome::Pass:
        case Outcome::NotExercised: // a rule's only: a variant is never NOT EXERCISED
            ++run.passed;
            break;
        case Outcome::Flaky:
            ++run.flaky;
            break;
        case Outcome::Xfail:
            ++run.xfail;
            break;
        case Outcome::Xpass:
            ++run.xpass;
            break;
        case Outcome::Fail:
            ++run.failed;
            break;
        case Outcome::Skipped:
        case Outcome::Error:
            ++run.errors;
            break;
        }
        run.variants.push_back(std::move(out));
    }
    for (const auto& entry : expectations.entries()) {
        std::string why;
        // An unknown rule id never gets here: parse_expectations refuses it on its line.
        if (entry.is_pattern()) {
            why = pattern_staleness(entry, verdicts, known_variants);
        } else if (std::none_of(known_variants.begin(), known_variants.end(),
                                [&](const std::string& variant) {
                                    return entry.covers(variant, entry.rule);
                                })) {
            why = fmt::format("no scenario variant {}", entry.variant);
        }
        if (!why.empty())
            run.stale.push_back(
                {entry, fmt::format("{} line {}: stale entry '{}': {}", expectations.source(),
                                    entry.line, entry.test, why)});
    }
    return run;
}

} // namespace clrhost::expectations
