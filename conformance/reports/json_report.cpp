// The JSON report, schema "clrhost-conformance-report" version 2 (docs/REPORTS.md). Version 2
// only adds fields to version 1 (per rule status, the exerciser), so a version 1 reader reads it;
// a consumer checks "schema" and "version" first.
#include "conformance/reports/report_text.h"
#include "conformance/reports/reports.h"

#include <clrhost/host_plugin.h>

#include <nlohmann/json.hpp>

namespace clrhost::reports {
namespace {

using json = nlohmann::ordered_json;

json expectation_json(const std::optional<expectations::Entry>& entry)
{
    if (!entry)
        return nullptr;
    return {{"test", entry->test},
            {"kind", expectations::kind_name(entry->kind)},
            {"reason", entry->reason},
            {"line", entry->line}};
}

json result_json(const cli::ScenarioVerdict& verdict, const expectations::VariantOutcome& outcome)
{
    json violations = json::array();
    for (const auto& violation : verdict.violations)
        violations.push_back({{"rule", violation.rule},
                              {"level", rules::level_name(violation.level)},
                              {"tid", violation.tid},
                              {"seq", violation.seq},
                              {"message", violation.message}});
    json rule_outcomes = json::object();
    json rule_status = json::object();
    for (const auto& rule : outcome.rules) {
        const auto id = rule.test.substr(rule.test.rfind('/') + 1);
        rule_outcomes[id] = expectations::outcome_name(rule.outcome);
        const auto by = expectations::exercised_by(verdict, id);
        rule_status[id] = {{"status", expectations::rule_status(verdict, id)},
                           {"exercised_by", by.empty() ? json(nullptr) : json(by)}};
    }
    return {{"scenario", verdict.scenario},
            {"id", verdict.id},
            {"driver", verdict.driver},
            {"result", cli::result_name(verdict.result)},
            {"outcome", expectations::outcome_name(outcome.variant.outcome)},
            {"expectation", expectation_json(outcome.variant.expectation)},
            {"note", outcome.variant.note},
            {"tries", verdict.tries},
            {"failed", verdict.failed},
            {"problems", verdict.problems},
            {"trace", verdict.trace_path},
            {"app_calls", verdict.app_calls},
            {"calls", verdict.calls},
            {"runtime", verdict.runtime},
            {"violations", std::move(violations)},
            {"crashed_threads", verdict.crashed_threads},
            {"rules", std::move(rule_outcomes)},
            {"rule_status", std::move(rule_status)}};
}

json exerciser_json(const ExerciserRun& run)
{
    if (!run.ran)
        return nullptr;
    json obligations = json::array();
    for (const auto& each : run.obligations)
        obligations.push_back({{"id", each.id},
                               {"status", each.status},
                               {"statement", each.statement},
                               {"message", each.message},
                               {"reproducer", each.reproducer},
                               {"shrunk", each.shrunk}});
    return {{"result", run.result()},
            {"seed", run.seed},
            {"threads", run.threads},
            {"walks", run.walks},
            {"obligations", std::move(obligations)}};
}

} // namespace

std::string json_report(const Report& report)
{
    const auto& info = report.info;
    const auto& outcome = report.outcome;
    json results = json::array();
    for (std::size_t i = 0; i < report.verdicts.size(); ++i)
        results.push_back(result_json(report.verdicts[i], outcome.variants.at(i)));
    json stale = json::array();
    for (const auto& entry : outcome.stale)
        stale.push_back(
            {{"test", entry.entry.test}, {"line", entry.entry.line}, {"message", entry.message}});
    json not_applicable = json::array();
    for (const auto& each : info.not_applicable)
        not_applicable.push_back(
            {{"scenario", each.scenario}, {"id", each.id}, {"reason", each.reason}});
    const json document{
        {"schema", "clrhost-conformance-report"},
        {"version", 2},
        {"suite_version", suite_version()},
        {"git_revision", git_revision()},
        {"generated", utc_timestamp()},
        {"host",
         {{"name", info.host_name}, {"version", info.host_version}, {"path", info.host_path}}},
        {"plugin_abi_version", CLRHOST_HOST_PLUGIN_ABI_VERSION},
        {"runtime", info.runtime},
        {"driver", info.driver},
        {"expectations",
         outcome.expectations_source.empty() ? json(nullptr) : json(outcome.expectations_source)},
        {"exerciser", exerciser_json(info.exerciser)},
        {"results", std::move(results)},
        {"not_applicable", std::move(not_applicable)},
        {"summary",
         {{"total", report.verdicts.size()},
          {"passed", outcome.passed + outcome.flaky},
          {"failed", outcome.failed + outcome.xpass + outcome.errors},
          {"flaky", outcome.flaky},
          {"xfail", outcome.xfail},
          {"xpass", outcome.xpass},
          {"errors", outcome.errors},
          {"stale", std::move(stale)},
          {"exerciser", info.exerciser.result()},
          {"exit_code", outcome.exit_code()}}}};
    return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace clrhost::reports
