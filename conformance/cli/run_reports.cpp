#include "conformance/cli/run_reports.h"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

namespace clrhost::cli {
namespace {

namespace fs = std::filesystem;

// The suite's path as the user would type it: relative to the working folder when inside it.
std::string command_path()
{
    std::error_code error;
    const fs::path self = executable_path();
    const auto relative = fs::relative(self, fs::current_path(error), error);
    if (error || relative.empty() || *relative.begin() == "..")
        return self.string();
    return relative.string();
}

// An entry may name its scenario by S-number ("S01:vb"): matched as the scenario's name. One
// that names no scenario is left as written, to be reported stale.
expectations::Expectations with_scenario_names(const expectations::Expectations& loaded,
                                               const std::string& scenario_root)
{
    static const std::regex number(R"([Ss][0-9]+)");
    auto entries = loaded.entries();
    for (auto& entry : entries) {
        const auto colon = entry.variant.find(':');
        const auto scenario = entry.variant.substr(0, colon);
        if (!std::regex_match(scenario, number))
            continue;
        try {
            entry.variant = scenario::resolve_scenario_name(scenario_root, scenario) +
                            entry.variant.substr(colon);
        } catch (const scenario::ScenarioError&) {
        }
    }
    return expectations::Expectations(std::move(entries), loaded.source());
}

} // namespace

expectations::Expectations prepare_expectations_and_reports(const RunOptions& options)
{
    auto loaded = options.expectations.empty()
                      ? expectations::Expectations()
                      : with_scenario_names(expectations::load_expectations(options.expectations),
                                            options.scenario_root);
    const std::pair<const std::string&, std::string_view> paths[] = {
        {options.junit, "--junit"}, {options.json, "--json"}, {options.markdown, "--markdown"}};
    for (const auto& [path, flag] : paths)
        if (!path.empty())
            reports::check_report_path(path, flag);
    return loaded;
}

std::set<std::string> known_variants(const std::string& scenario_root)
{
    std::set<std::string> known;
    for (const auto& name : scenario::list_scenarios(scenario_root)) {
        try {
            for (const auto* driver : {"coreclr", "mono"})
                for (const auto& variant :
                     scenario::load_scenario_variants(scenario_root, name, driver))
                    if (!variant.not_applicable)
                        known.insert(variant.test_id());
        } catch (const scenario::ScenarioError&) {
            // A scenario that does not load is not a test an entry can name.
        }
    }
    return known;
}

reports::RunInfo run_info(const RunOptions& options, const std::string& host_name,
                          const std::string& host_version, const std::string& host_path,
                          const std::vector<ScenarioVerdict>& verdicts)
{
    reports::RunInfo info;
    info.host_name = host_name;
    info.host_version = host_version;
    info.host_path = fs::absolute(host_path).string();
    info.runtime = reports::runtime_of(verdicts);
    info.command = command_path();
    auto& repeat = info.reproducer_options;
    if (!options.host.empty())
        repeat.insert(repeat.end(), {"--host", info.host_path});
    if (options.scenario_root != default_scenario_root())
        repeat.insert(repeat.end(),
                      {"--scenario-root", fs::absolute(options.scenario_root).string()});
    if (!options.dotnet_root.empty())
        repeat.insert(repeat.end(), {"--dotnet-root", options.dotnet_root});
    if (options.timeout > 0)
        repeat.insert(repeat.end(), {"--timeout", fmt::format("{}", options.timeout)});
    if (options.strict)
        repeat.push_back("--strict");
    return info;
}

void write_reports(const RunOptions& options, const reports::RunInfo& info,
                   const std::vector<ScenarioVerdict>& verdicts,
                   const expectations::RunOutcome& outcome)
{
    const reports::Report report{info, verdicts, outcome};
    const struct {
        const std::string& path;
        std::string_view flag;
        std::string (*write)(const reports::Report&);
    } targets[] = {{options.junit, "--junit", reports::junit_report},
                   {options.json, "--json", reports::json_report},
                   {options.markdown, "--markdown", reports::markdown_report}};
    for (const auto& target : targets) {
        if (target.path.empty())
            continue;
        reports::write_report(target.path, target.write(report), target.flag);
        fmt::print("report ({}): {}\n", target.flag.substr(2), target.path);
    }
}

} // namespace clrhost::cli
