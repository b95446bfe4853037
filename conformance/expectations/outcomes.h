// Final outcomes: the verdicts of a run read through a host's expectations. One call maps the
// verdicts to an outcome per test (each scenario variant, and each rule of each variant) and
// says whether the run fails.
#pragma once

#include "conformance/expectations/expectations.h"
#include "conformance/verdict/scenario_verdict.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clrhost::expectations {

enum class Outcome {
    Pass,
    Flaky,        // failed, then passed on a retry (a FLAKY entry)
    Xfail,        // failed as an XFAIL entry says it does
    Skipped,      // a rule of a variant that could not run
    NotExercised, // a rule no call of the variant (nor the run's exerciser) exercised
    Xpass,        // passed although an XFAIL entry says it fails: fails the run
    Fail,         // failed (or crashed, hung) with no entry covering it: fails the run
    Error,        // could not run (bad setup): the run exits 2
};
std::string_view outcome_name(Outcome outcome);
// Whether an outcome fails the run.
bool is_failure(Outcome outcome);

struct TestOutcome {
    std::string test; // "doc-table:vb" or "doc-table:vb/TM-NEST"
    Outcome outcome = Outcome::Pass;
    std::optional<Entry> expectation; // the entry that applied, if any
    std::string note; // why the outcome is not the verdict's ("passed on try 2", ...)
    // A rule that passed: exercised by the variant's calls ("scenario") or, for a host-judged
    // rule they did not reach, by the run's exerciser ("exerciser"); "" otherwise.
    std::string exercised_by;
};

struct VariantOutcome {
    TestOutcome variant;
    std::vector<TestOutcome> rules; // one per rules::all_rules(), in report order
};

// An entry that names no test: a variant that does not exist, or a rule that does not.
struct StaleEntry {
    Entry entry;
    std::string message; // "FILE line N: stale entry 'x': no scenario variant x"
};

struct RunOutcome {
    std::string expectations_source;      // the expectation file, "" without one
    std::vector<VariantOutcome> variants; // one per verdict, in the verdicts' order
    std::vector<StaleEntry> stale;
    std::size_t passed = 0, flaky = 0, xfail = 0, xpass = 0, failed = 0, errors = 0;
    bool exerciser_failed = false; // an obligation failed in the exerciser `run` ran first

    bool run_failed() const { return failed || xpass || !stale.empty() || exerciser_failed; }
    // 0 conforms (as expected), 1 violations, unexpected passes or stale entries, 2 setup.
    int exit_code() const { return errors ? 2 : run_failed() ? 1 : 0; }
};

// A rule's result on a variant, one of three: "FAIL" (a call broke it), "PASS" (a call of the
// variant, or for a host-judged rule of the run's exerciser, exercised it), "NOT EXERCISED".
std::string_view rule_status(const cli::ScenarioVerdict& verdict, std::string_view rule);
// Who exercised a rule that passed: "scenario", "exerciser", or "" (failed, not exercised).
std::string_view exercised_by(const cli::ScenarioVerdict& verdict, std::string_view rule);

// known_variants: every "name:language" that exists (selected or not); an entry naming another
// variant, or a rule rules::all_rules() does not have, is stale. Entries for variants that exist
// but did not run are left alone.
RunOutcome apply(const Expectations& expectations,
                 const std::vector<cli::ScenarioVerdict>& verdicts,
                 const std::set<std::string>& known_variants);

} // namespace clrhost::expectations
