// `list`: every scenario variant the suite can run, with what `--scenario` takes for it (the
// name or the S-number), its language, the drivers that run it and what it is about.
#include "conformance/cli/commands.h"
#include "conformance/scenario/scenario.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <vector>

namespace clrhost::cli {
namespace {

struct ListOptions {
    std::string scenario_root = default_scenario_root();
};

// The description's first sentence: some run to a paragraph, the scenario.json has the rest.
std::string first_sentence(const std::string& description)
{
    const auto end = description.find(". ");
    return end == std::string::npos ? description : description.substr(0, end + 1);
}

// The Linux drivers that run the variant (scenario.json's "drivers" says where one does not); one
// that has a host entry is entered from the host's own thread instead of through Main.
std::string drivers(const std::filesystem::path& root, const scenario::Scenario& variant)
{
    std::vector<std::string> names;
    for (const auto driver : scenario::kDrivers)
        if (!scenario::load_scenario_variants(root, variant.qualified_name(), driver)
                 .front()
                 .not_applicable)
            names.push_back(fmt::format(
                "{}{}", driver, scenario::driver_traits(driver).unobserved.empty() ? "" : "*"));
    return fmt::format("{}{}", fmt::join(names, " "), variant.host_entry ? " (host entry)" : "");
}

// "S37" -> 37; an id without a number sorts last.
unsigned long number_of(const std::string& id)
{
    const auto digits = id.find_first_of("0123456789");
    return digits == std::string::npos ? ULONG_MAX : std::stoul(id.substr(digits));
}

int list_command(const ListOptions& options)
{
    const auto names = scenario::list_scenarios(options.scenario_root);
    if (names.empty())
        throw scenario::ScenarioError(fmt::format(
            "no scenarios in {}: build the suite (cmake --build) or pass --scenario-root the "
            "build tree's managed-testapps folder",
            options.scenario_root));
    std::vector<scenario::Scenario> variants;
    for (const auto& name : names)
        for (auto& variant : scenario::load_scenario_variants(options.scenario_root, name))
            variants.push_back(std::move(variant));
    // In S-number order, as the documentation counts them (S01, S02, S10, ...).
    std::stable_sort(variants.begin(), variants.end(), [](const auto& a, const auto& b) {
        return number_of(a.id) < number_of(b.id);
    });
    fmt::print("{:<5} {:<38} {:<8} {:<20} {}\n", "id", "variant", "language", "drivers",
               "description");
    for (const auto& variant : variants)
        fmt::print("{:<5} {:<38} {:<8} {:<20} {}\n", variant.id, variant.qualified_name(),
                   variant.language, drivers(options.scenario_root, variant),
                   first_sentence(variant.description));
    for (const auto driver : scenario::kDrivers)
        if (const auto unobserved = scenario::driver_traits(driver).unobserved; !unobserved.empty())
            fmt::print("{}*: expectations {}\n", driver, unobserved);
    return kConforms;
}

} // namespace

Subcommand register_list(CLI::App& app)
{
    auto options = std::make_shared<ListOptions>();
    auto* command = app.add_subcommand(
        "list", "list the scenario variants: S-number, name:language, drivers, description");
    command->add_option("--scenario-root", options->scenario_root, "folder of the built scenarios")
        ->capture_default_str();
    return {command, [options] { return list_command(*options); }};
}

} // namespace clrhost::cli
