// JUnit XML: one <testsuite> for the run; a <testcase> per exerciser obligation (classname
// "exerciser"), per scenario variant (classname: the scenario id) and per rule of each variant
// (classname "<variant>.rules"). XFAIL, NOT EXERCISED and rules of a variant that could not run
// are <skipped>; FAIL and XPASS are <failure>; ERROR is <error>.
#include "conformance/reports/report_text.h"
#include "conformance/reports/reports.h"

#include <fmt/format.h>

#include <chrono>

namespace clrhost::reports {
namespace {

using expectations::Outcome;
using expectations::TestOutcome;

struct Case {
    std::string classname;
    std::string name;
    const TestOutcome* outcome;
    std::string details;                    // the failure's text
    std::string output;                     // <system-out>
    std::string error_message = {};         // for ERROR: why the variant could not run
    std::string_view failure_type = "FAIL"; // a variant's: its verdict (FAIL, CRASH, HANG)
};

std::string variant_details(const cli::ScenarioVerdict& verdict)
{
    std::string text =
        fmt::format("{} ({}): {}", verdict.scenario, verdict.id, cli::result_name(verdict.result));
    if (!verdict.failed.empty())
        text += fmt::format(" [{}]", fmt::join(verdict.failed, ", "));
    text += fmt::format("\ntrace: {}\n", verdict.trace_path);
    for (const auto& problem : verdict.problems)
        text += fmt::format("- {}\n", problem);
    if (!verdict.comparison_table.empty())
        text += "expected (left) against recorded (right, with the host's answer), the app's "
                "calls only; !! marks a difference:\n" +
                verdict.comparison_table;
    for (const auto& crashed : verdict.crashed_threads)
        text += fmt::format("- {}\n", crashed);
    return text;
}

std::string rule_details(const cli::ScenarioVerdict& verdict, std::string_view rule)
{
    std::string text;
    for (const auto& violation : verdict.violations) {
        if (violation.rule != rule)
            continue;
        text += fmt::format("{} {} thread {} seq {}: {}\n", violation.rule,
                            rules::level_name(violation.level), violation.tid, violation.seq,
                            violation.message);
        for (const auto& line : violation.context)
            text += fmt::format("    {}\n", line);
    }
    return text.empty() ? fmt::format("{} violated (trace: {})\n", rule, verdict.trace_path) : text;
}

std::string testcase(const Case& c)
{
    const auto& out = *c.outcome;
    std::string xml = fmt::format("    <testcase classname=\"{}\" name=\"{}\"",
                                  xml_escape(c.classname), xml_escape(c.name));
    std::string body;
    const auto message =
        out.note.empty() ? std::string(expectations::outcome_name(out.outcome)) : out.note;
    switch (out.outcome) {
    case Outcome::Pass:
    case Outcome::Flaky:
        break;
    case Outcome::Xfail:
    case Outcome::Skipped:
    case Outcome::NotExercised:
        body += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(message));
        break;
    case Outcome::Xpass:
    case Outcome::Fail:
        body += fmt::format(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            out.outcome == Outcome::Fail ? c.failure_type : expectations::outcome_name(out.outcome),
            xml_escape(out.outcome == Outcome::Fail ? first_line(c.details) : message),
            xml_escape(c.details));
        break;
    case Outcome::Error:
        body += fmt::format("      <error type=\"ERROR\" message=\"{}\">{}</error>\n",
                            xml_escape(c.error_message), xml_escape(c.details));
        break;
    }
    if (!c.output.empty())
        body += fmt::format("      <system-out>{}</system-out>\n", xml_escape(c.output));
    return body.empty() ? xml + "/>\n" : xml + ">\n" + body + "    </testcase>\n";
}

Outcome exerciser_outcome(const ExerciserObligation& obligation)
{
    return obligation.status == "FAIL"   ? Outcome::Fail
           : obligation.status == "PASS" ? Outcome::Pass
                                         : Outcome::NotExercised;
}

// The exerciser's obligations as test cases; outcomes holds what the cases point at.
void exerciser_cases(const ExerciserRun& run, std::vector<TestOutcome>& outcomes,
                     std::vector<Case>& cases)
{
    outcomes.reserve(run.obligations.size()); // the cases keep pointers into it
    for (const auto& obligation : run.obligations) {
        outcomes.push_back({"exerciser/" + obligation.id,
                            exerciser_outcome(obligation),
                            std::nullopt,
                            obligation.message,
                            {}});
        std::string details = obligation.message + "\n";
        for (const auto& line : obligation.shrunk)
            details += "    " + line + "\n";
        std::string output;
        if (!obligation.reproducer.empty())
            output = fmt::format("reproduce: {}\n", obligation.reproducer);
        cases.push_back(
            {"exerciser", obligation.id, &outcomes.back(), std::move(details), std::move(output)});
    }
}

} // namespace

std::string junit_report(const Report& report)
{
    std::vector<Case> cases;
    std::vector<TestOutcome> exerciser_outcomes;
    exerciser_cases(report.info.exerciser, exerciser_outcomes, cases);
    for (std::size_t i = 0; i < report.verdicts.size(); ++i) {
        const auto& verdict = report.verdicts[i];
        const auto& outcome = report.outcome.variants.at(i);
        std::string output = fmt::format("trace: {}\n", verdict.trace_path);
        if (verdict.tries > 1)
            output += fmt::format("tries: {}\n", verdict.tries);
        if (!outcome.variant.note.empty())
            output += outcome.variant.note + "\n";
        if (expectations::is_failure(outcome.variant.outcome))
            output += fmt::format("reproduce: {}\n", reproducer(report.info, verdict.scenario));
        cases.push_back({verdict.id, verdict.scenario, &outcome.variant, variant_details(verdict),
                         std::move(output),
                         verdict.problems.empty() ? "the scenario could not run"
                                                  : first_line(verdict.problems.front()),
                         cli::result_name(verdict.result)});
        const auto& all = rules::all_rules();
        for (std::size_t r = 0; r < all.size() && r < outcome.rules.size(); ++r) {
            const auto& rule = outcome.rules[r];
            cases.push_back({verdict.scenario + ".rules",
                             std::string(all[r].id),
                             &rule,
                             rule.outcome == Outcome::Fail || rule.outcome == Outcome::Xfail
                                 ? rule_details(verdict, all[r].id)
                                 : std::string(),
                             {}});
        }
    }
    std::size_t failures = report.outcome.stale.size(), errors = 0,
                skipped = report.info.not_applicable.size();
    for (const auto& c : cases) {
        const auto outcome = c.outcome->outcome;
        failures += outcome == Outcome::Fail || outcome == Outcome::Xpass;
        errors += outcome == Outcome::Error;
        skipped += outcome == Outcome::Xfail || outcome == Outcome::Skipped ||
                   outcome == Outcome::NotExercised;
    }
    const auto& info = report.info;
    const auto counts =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
                    cases.size() + report.outcome.stale.size() + info.not_applicable.size(),
                    failures, errors, skipped);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += fmt::format("<testsuites name=\"clrhost-conformance\" {}>\n", counts);
    xml += fmt::format("  <testsuite name=\"{}\" {} timestamp=\"{}\">\n",
                       xml_escape(fmt::format("clrhost-conformance host {} {}", info.host_name,
                                              info.host_version)),
                       counts, utc_timestamp());
    xml += "    <properties>\n";
    const std::pair<std::string_view, std::string> properties[] = {
        {"host", info.host_name},
        {"host_version", info.host_version},
        {"host_path", info.host_path},
        {"driver", info.driver},
        {"runtime", info.runtime},
        {"suite_version", std::string(suite_version())},
        {"git_revision", std::string(git_revision())},
        {"expectations", report.outcome.expectations_source},
    };
    for (const auto& [name, value] : properties)
        xml += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml_escape(value));
    xml += "    </properties>\n";
    for (const auto& c : cases)
        xml += testcase(c);
    // A variant a driver cannot run: skipped, with scenario.json's reason.
    for (const auto& each : info.not_applicable)
        xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n"
                           "      <skipped message=\"not applicable: {}\"/>\n    </testcase>\n",
                           xml_escape(each.id), xml_escape(each.scenario), xml_escape(each.reason));
    for (const auto& stale : report.outcome.stale)
        xml += fmt::format("    <testcase classname=\"expectations\" name=\"{}\">\n"
                           "      <failure type=\"STALE\" message=\"{}\"/>\n    </testcase>\n",
                           xml_escape(stale.entry.test), xml_escape(stale.message));
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

} // namespace clrhost::reports
