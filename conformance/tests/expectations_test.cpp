// Expectation files: the line format, and how XFAIL and FLAKY entries turn verdicts into the
// run's outcome (docs/REPORTS.md).
#include "conformance/expectations/expectations.h"
#include "conformance/expectations/outcomes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace {

using namespace clrhost;
using expectations::Kind;
using expectations::Outcome;
using testing::HasSubstr;

expectations::Expectations parse(const std::string& text)
{
    std::istringstream in(text);
    return expectations::parse_expectations(in, "host.expect");
}

std::string parse_error(const std::string& text)
{
    try {
        parse(text);
    } catch (const expectations::ExpectationError& error) {
        return error.what();
    }
    return "no error";
}

cli::ScenarioVerdict verdict(const std::string& scenario, cli::Result result,
                             std::vector<std::string> failed = {})
{
    cli::ScenarioVerdict v;
    v.scenario = scenario;
    v.id = "S01";
    v.result = result;
    v.failed = std::move(failed);
    for (const auto& rule : rules::all_rules()) // a trace whose calls exercised every rule
        v.exercised.emplace_back(rule.id);
    return v;
}

const std::set<std::string> kKnown{"doc-table:vb", "doc-table:cs", "nest-100:cs"};

TEST(ExpectationFile, ReadsEntriesCommentsAndBlankLines)
{
    const auto parsed = parse("# known problems of our host\n"
                              "\n"
                              "doc-table:vb   XFAIL  says FALSE to CallNeedsHostHook (#12)\r\n"
                              "  nest-100:cs/TM-THREAD FLAKY pool threads; see issue 7  \n");
    ASSERT_EQ(parsed.entries().size(), 2u);
    const auto& xfail = parsed.entries()[0];
    EXPECT_EQ(xfail.test, "doc-table:vb");
    EXPECT_EQ(xfail.variant, "doc-table:vb");
    EXPECT_EQ(xfail.rule, "");
    EXPECT_EQ(xfail.kind, Kind::Xfail);
    EXPECT_EQ(xfail.reason, "says FALSE to CallNeedsHostHook (#12)");
    EXPECT_EQ(xfail.line, 3);
    const auto& flaky = parsed.entries()[1];
    EXPECT_EQ(flaky.variant, "nest-100:cs");
    EXPECT_EQ(flaky.rule, "TM-THREAD");
    EXPECT_EQ(flaky.kind, Kind::Flaky);
    EXPECT_EQ(flaky.reason, "pool threads; see issue 7");
    EXPECT_EQ(flaky.line, 4);
    EXPECT_EQ(parsed.find("nest-100:cs", "TM-THREAD"), &flaky);
    EXPECT_EQ(parsed.find("nest-100:cs"), nullptr);
}

TEST(ExpectationFile, BadLinesNameTheFileAndLine)
{
    EXPECT_THAT(parse_error("# header\ndoc-table XFAIL no language\n"),
                HasSubstr("host.expect line 2: 'doc-table' is not a test id"));
    EXPECT_THAT(parse_error("doc-table:vb/TM-NEST/x XFAIL reason\n"),
                HasSubstr("line 1: 'doc-table:vb/TM-NEST/x' is not a test id"));
    EXPECT_THAT(parse_error("\n\n\ndoc-table:vb XFAL typo\n"),
                HasSubstr("line 4: 'XFAL' is not XFAIL or FLAKY"));
    EXPECT_THAT(parse_error("doc-table:vb xfail lower case\n"),
                HasSubstr("line 1: 'xfail' is not XFAIL or FLAKY"));
    EXPECT_THAT(parse_error("doc-table:vb\n"),
                HasSubstr("line 1: expected XFAIL or FLAKY after 'doc-table:vb'"));
    EXPECT_THAT(parse_error("doc-table:vb FLAKY   \n"),
                HasSubstr("line 1: give a reason after FLAKY"));
    EXPECT_THAT(parse_error("doc-table:vb XFAIL a\n# c\ndoc-table:vb FLAKY b\n"),
                HasSubstr("line 3: 'doc-table:vb' already has an entry, on line 1"));
    EXPECT_EQ(parse_error("doc-table:vb XFAIL fine\n"), "no error");
}

TEST(ExpectationFile, UnknownRuleIdIsRefusedOnItsLine)
{
    const auto error = parse_error("doc-table:vb XFAIL fine\ndoc-table:vb/TM-GONE XFAIL renamed\n");
    EXPECT_THAT(error, HasSubstr("host.expect line 2: unknown rule id 'TM-GONE'"));
    EXPECT_THAT(error, HasSubstr("valid ids are TM-NEST, TM-ALT"));
    EXPECT_THAT(error, HasSubstr("TM-BOOKKEEPING"));
    EXPECT_EQ(error.find('\n'), std::string::npos); // one line
}

TEST(ExpectationFile, MissingFileIsAnError)
{
    try {
        expectations::load_expectations("/nonexistent/host.expect");
        FAIL() << "no error";
    } catch (const expectations::ExpectationError& error) {
        EXPECT_THAT(error.what(),
                    HasSubstr("cannot open expectation file /nonexistent/host.expect"));
    }
}

TEST(Outcomes, WithoutExpectationsTheVerdictDecides)
{
    const auto run = expectations::apply(
        {},
        {verdict("doc-table:vb", cli::Result::Pass), verdict("doc-table:cs", cli::Result::Pass)},
        kKnown);
    EXPECT_EQ(run.passed, 2u);
    EXPECT_EQ(run.exit_code(), 0);
    ASSERT_EQ(run.variants.size(), 2u);
    EXPECT_EQ(run.variants[0].rules.size(), rules::all_rules().size());
    EXPECT_EQ(run.variants[0].rules[0].test,
              "doc-table:vb/" + std::string(rules::all_rules()[0].id));

    const auto failing = expectations::apply(
        {}, {verdict("doc-table:vb", cli::Result::Fail, {"expected-calls", "TM-NEST"})}, kKnown);
    EXPECT_EQ(failing.variants[0].variant.outcome, Outcome::Fail);
    EXPECT_EQ(failing.failed, 1u);
    EXPECT_EQ(failing.exit_code(), 1);
    const auto& nest = failing.variants[0].rules[0];
    EXPECT_EQ(nest.test, "doc-table:vb/TM-NEST");
    EXPECT_EQ(nest.outcome, Outcome::Fail);
    EXPECT_EQ(failing.variants[0].rules[1].outcome, Outcome::Pass);

    const auto error =
        expectations::apply({}, {verdict("doc-table:vb", cli::Result::Error)}, kKnown);
    EXPECT_EQ(error.variants[0].variant.outcome, Outcome::Error);
    EXPECT_EQ(error.variants[0].rules[0].outcome, Outcome::Skipped);
    EXPECT_EQ(error.exit_code(), 2);
}

TEST(Outcomes, ARuleNoCallExercisedIsNotExercisedAndFailsNothing)
{
    auto unexercised = verdict("doc-table:vb", cli::Result::Pass);
    unexercised.exercised.erase(unexercised.exercised.begin()); // TM-NEST
    auto run = expectations::apply({}, {unexercised}, kKnown);
    EXPECT_EQ(run.variants[0].rules[0].outcome, Outcome::NotExercised);
    EXPECT_THAT(run.variants[0].rules[0].note, HasSubstr("no call exercised it"));
    EXPECT_EQ(run.variants[0].variant.outcome, Outcome::Pass);
    EXPECT_EQ(run.exit_code(), 0);
    // Exercised by the exerciser: PASS, and says by whom.
    unexercised.exercised_by_exerciser = {"TM-NEST"};
    run = expectations::apply({}, {unexercised}, kKnown);
    EXPECT_EQ(run.variants[0].rules[0].outcome, Outcome::Pass);
    EXPECT_EQ(run.variants[0].rules[0].exercised_by, "exerciser");
    EXPECT_EQ(expectations::rule_status(unexercised, "TM-NEST"), "PASS");
}

TEST(Outcomes, XfailHidesAFailure)
{
    const auto expected = parse("doc-table:vb XFAIL known bug\n");
    for (const auto result : {cli::Result::Fail, cli::Result::Crash, cli::Result::Hang}) {
        const auto run = expectations::apply(
            expected, {verdict("doc-table:vb", result, {"expected-calls"})}, kKnown);
        EXPECT_EQ(run.variants[0].variant.outcome, Outcome::Xfail);
        EXPECT_THAT(run.variants[0].variant.note, HasSubstr("known bug"));
        ASSERT_TRUE(run.variants[0].variant.expectation);
        EXPECT_EQ(run.variants[0].variant.expectation->line, 1);
        EXPECT_EQ(run.xfail, 1u);
        EXPECT_EQ(run.exit_code(), 0) << cli::result_name(result);
    }
    // An XFAIL entry never hides a setup error.
    EXPECT_EQ(expectations::apply(expected, {verdict("doc-table:vb", cli::Result::Error)}, kKnown)
                  .exit_code(),
              2);
}

TEST(Outcomes, RuleXfailCoversOnlyThatRule)
{
    const auto expected = parse("doc-table:vb/TM-NEST XFAIL crosses brackets on purpose\n");
    const auto covered = expectations::apply(
        expected, {verdict("doc-table:vb", cli::Result::Fail, {"TM-NEST"})}, kKnown);
    EXPECT_EQ(covered.variants[0].variant.outcome, Outcome::Xfail);
    EXPECT_EQ(covered.variants[0].rules[0].outcome, Outcome::Xfail);
    EXPECT_EQ(covered.exit_code(), 0);

    const auto uncovered = expectations::apply(
        expected, {verdict("doc-table:vb", cli::Result::Fail, {"expected-calls", "TM-NEST"})},
        kKnown);
    EXPECT_EQ(uncovered.variants[0].variant.outcome, Outcome::Fail);
    EXPECT_EQ(uncovered.variants[0].rules[0].outcome, Outcome::Xfail);
    EXPECT_EQ(uncovered.exit_code(), 1);
}

TEST(Outcomes, XpassFailsTheRun)
{
    const auto run = expectations::apply(parse("doc-table:vb XFAIL fixed yet?\n"),
                                         {verdict("doc-table:vb", cli::Result::Pass)}, kKnown);
    EXPECT_EQ(run.variants[0].variant.outcome, Outcome::Xpass);
    EXPECT_THAT(run.variants[0].variant.note, HasSubstr("fixed yet?"));
    EXPECT_EQ(run.xpass, 1u);
    EXPECT_TRUE(run.run_failed());
    EXPECT_EQ(run.exit_code(), 1);

    // A rule's unexpected pass makes its variant an unexpected pass too.
    const auto rule = expectations::apply(parse("doc-table:vb/TM-HOOK XFAIL says FALSE\n"),
                                          {verdict("doc-table:vb", cli::Result::Pass)}, kKnown);
    EXPECT_EQ(rule.variants[0].variant.outcome, Outcome::Xpass);
    EXPECT_THAT(rule.variants[0].variant.note, HasSubstr("doc-table:vb/TM-HOOK"));
    EXPECT_EQ(rule.exit_code(), 1);
}

TEST(Outcomes, StaleEntriesFailTheRun)
{
    const auto expected = parse("# a comment\n"
                                "gone:vb XFAIL scenario removed\n"
                                "nest-100:cs XFAIL exists but not selected\n");
    const auto run =
        expectations::apply(expected, {verdict("doc-table:vb", cli::Result::Pass)}, kKnown);
    ASSERT_EQ(run.stale.size(), 1u);
    EXPECT_EQ(run.stale[0].message,
              "host.expect line 2: stale entry 'gone:vb': no scenario variant gone:vb");
    EXPECT_EQ(run.passed, 1u);
    EXPECT_EQ(run.exit_code(), 1);
}

TEST(Outcomes, FlakyRetriesUpToThreeTimes)
{
    const auto expected = parse("doc-table:vb FLAKY timing\nnest-100:cs/TM-THREAD FLAKY pool\n");
    const std::vector<std::string> failed{"expected-calls"};
    for (unsigned tries = 1; tries <= expectations::kFlakyRetries; ++tries)
        EXPECT_TRUE(expected.should_retry("doc-table:vb", failed, tries)) << tries;
    EXPECT_FALSE(expected.should_retry("doc-table:vb", failed, expectations::kFlakyRetries + 1));
    EXPECT_FALSE(expected.should_retry("doc-table:cs", failed, 1)); // no entry
    // A rule's FLAKY entry retries a variant only when that rule failed.
    EXPECT_TRUE(expected.should_retry("nest-100:cs", {"TM-THREAD"}, 1));
    EXPECT_FALSE(expected.should_retry("nest-100:cs", {"TM-NEST"}, 1));
    EXPECT_FALSE(parse("doc-table:vb XFAIL x\n").should_retry("doc-table:vb", failed, 1));
}

TEST(Outcomes, FlakyPassesIfAnyTryPasses)
{
    const auto expected = parse("doc-table:vb FLAKY timing\n");
    auto passed_later = verdict("doc-table:vb", cli::Result::Pass);
    passed_later.tries = 3;
    const auto run = expectations::apply(expected, {passed_later}, kKnown);
    EXPECT_EQ(run.variants[0].variant.outcome, Outcome::Flaky);
    EXPECT_THAT(run.variants[0].variant.note, HasSubstr("passed on try 3"));
    EXPECT_EQ(run.flaky, 1u);
    EXPECT_EQ(run.exit_code(), 0);

    auto first_try = verdict("doc-table:vb", cli::Result::Pass);
    EXPECT_EQ(expectations::apply(expected, {first_try}, kKnown).variants[0].variant.outcome,
              Outcome::Pass);

    auto never = verdict("doc-table:vb", cli::Result::Fail, {"expected-calls"});
    never.tries = expectations::kFlakyRetries + 1;
    const auto failed = expectations::apply(expected, {never}, kKnown);
    EXPECT_EQ(failed.variants[0].variant.outcome, Outcome::Fail);
    EXPECT_THAT(failed.variants[0].variant.note, HasSubstr("failed 4 tries"));
    EXPECT_EQ(failed.exit_code(), 1);
}

} // namespace

TEST(ExpectationPatterns, StarMatchesAnyScenarioOrLanguage)
{
    const auto expected = parse("*:*/TM-HR-EXACT XFAIL answers S_OK where S_FALSE is owed\n"
                                "doc-table:* XFAIL no hook for the seed table\n"
                                "*/TM-BOOKKEEPING XFAIL shows no bookkeeping\n"
                                "doc-table:cs XFAIL the exact entry comes first\n");
    EXPECT_EQ(expected.entries()[2].variant, "*:*");
    EXPECT_EQ(expected.find("nest-100:cs", "TM-HR-EXACT")->line, 1);
    EXPECT_EQ(expected.find("doc-table:vb")->line, 2);
    EXPECT_EQ(expected.find("doc-table:cs")->line, 4);
    EXPECT_EQ(expected.find("nest-100:cs", "TM-BOOKKEEPING")->line, 3);
    EXPECT_EQ(expected.find("nest-100:cs"), nullptr);
    EXPECT_EQ(expected.find("doc-table-from-host:cs"), nullptr); // "doc-table:*" is not a prefix
}

TEST(ExpectationPatterns, KnownFailuresKeepTheirReasons)
{
    const auto expected = parse("*:*/TM-HR-EXACT XFAIL answers S_OK where S_FALSE is owed\n");
    const auto run =
        expectations::apply(expected,
                            {verdict("doc-table:vb", cli::Result::Fail, {"TM-HR-EXACT"}),
                             verdict("nest-100:cs", cli::Result::Pass)},
                            kKnown);
    const auto& known = run.variants[0].variant;
    EXPECT_EQ(known.outcome, Outcome::Xfail);
    EXPECT_EQ(known.note, "XFAIL: TM-HR-EXACT: answers S_OK where S_FALSE is owed");
    ASSERT_TRUE(known.expectation); // the rule's entry, not null
    EXPECT_EQ(known.expectation->test, "*:*/TM-HR-EXACT");
    // A test of the pattern that passes is a pass, not an XPASS: the pattern names a family.
    EXPECT_EQ(run.variants[1].variant.outcome, Outcome::Pass);
    EXPECT_EQ(run.xfail, 1u);
    EXPECT_EQ(run.exit_code(), 0);
}

TEST(ExpectationPatterns, APatternThatMatchesNothingOrOnlyPassesIsStale)
{
    const auto nothing = expectations::apply(parse("gone-*:* XFAIL removed scenarios\n"),
                                             {verdict("doc-table:vb", cli::Result::Pass)}, kKnown);
    ASSERT_EQ(nothing.stale.size(), 1u);
    EXPECT_EQ(nothing.stale[0].message, "host.expect line 1: stale entry 'gone-*:*': the pattern "
                                        "matches no scenario variant");
    EXPECT_EQ(nothing.exit_code(), 1);

    const auto fixed = expectations::apply(
        parse("doc-table:*/TM-NEST XFAIL fixed yet?\n"),
        {verdict("doc-table:vb", cli::Result::Pass), verdict("doc-table:cs", cli::Result::Pass)},
        kKnown);
    ASSERT_EQ(fixed.stale.size(), 1u);
    EXPECT_THAT(fixed.stale[0].message, HasSubstr("all 2 test(s) it matches passed"));
}

namespace {

// "@driver" names one driver's test; an id without it covers the variant on every driver, and
// coreclr's test ids name no driver ("doc-table:vb" is "doc-table:vb@coreclr").
TEST(Outcomes, AnEntryNamesOneDriverOrCoversEvery)
{
    const std::set<std::string> known{"doc-table:vb", "doc-table:vb@mono"};
    const std::vector<cli::ScenarioVerdict> failing{
        verdict("doc-table:vb", cli::Result::Fail, {"expected-calls"}),
        verdict("doc-table:vb@mono", cli::Result::Fail, {"expected-calls"})};
    auto outcomes = [&](const std::string& text) {
        const auto run = expectations::apply(parse(text), failing, known);
        return std::pair(run.variants[0].variant.outcome, run.variants[1].variant.outcome);
    };
    EXPECT_EQ(outcomes("doc-table:vb XFAIL both\n"), std::pair(Outcome::Xfail, Outcome::Xfail));
    EXPECT_EQ(outcomes("doc-table:vb@mono XFAIL mono\n"),
              std::pair(Outcome::Fail, Outcome::Xfail));
    EXPECT_EQ(outcomes("doc-table:vb@coreclr XFAIL coreclr\n"),
              std::pair(Outcome::Xfail, Outcome::Fail));
    EXPECT_EQ(outcomes("*:*@mono XFAIL every mono test\n"),
              std::pair(Outcome::Fail, Outcome::Xfail));
    // An entry for a driver no variant runs on names no test.
    const auto stale =
        expectations::apply(parse("doc-table:vb@netfx XFAIL not yet\n"), failing, known);
    ASSERT_EQ(stale.stale.size(), 1u);
}

} // namespace
