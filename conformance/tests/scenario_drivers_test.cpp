// scenario.json's "drivers": a driver's part replaces the scenario's keys for that driver, and
// its not_applicable says why the driver cannot run the scenario or some of its variants.
#include "conformance/scenario/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using namespace clrhost;
using ::testing::HasSubstr;

class ScenarioDrivers : public ::testing::Test {
protected:
    void write(const std::string& drivers)
    {
        std::filesystem::create_directories(root_ / "probe");
        std::ofstream(root_ / "probe" / "scenario.json") << R"({"id": "X01", "name": "probe",
          "variants": [{"language": "cs", "entry": "Probe.dll"},
                       {"language": "vb", "entry": "ProbeVB.dll"}],
          "dies": "SIGABRT",
          "app": [{"pinvoke": "outer", "inside": [{"callback": "Probe.Del.Invoke"}]}],
          "drivers": )" << drivers << "}";
    }

    void TearDown() override { std::filesystem::remove_all(root_); }

    std::filesystem::path root_ = std::filesystem::temp_directory_path() /
                                  ("clrhost-scenario-drivers-" + std::to_string(getpid()));
};

TEST_F(ScenarioDrivers, ADriversPartReplacesKeysForThatDriverOnly)
{
    write(R"({"mono": {"dies": null, "exit_code": 0,
              "app": [{"pinvoke": "outer", "inside": [{"callback": "Probe.Program.Target"}]}]}})");
    const auto coreclr = scenario::load_scenario(root_, "probe:cs");
    EXPECT_EQ(coreclr.driver, "coreclr");
    EXPECT_TRUE(coreclr.death_signal.has_value());
    EXPECT_EQ(coreclr.threads.at(0).app.at(0).inside.at(0).method, "Probe.Del.Invoke");
    const auto mono = scenario::load_scenario(root_, "probe:cs", "mono");
    EXPECT_EQ(mono.driver, "mono");
    EXPECT_FALSE(mono.death_signal.has_value()) << "null removes the key";
    EXPECT_EQ(mono.threads.at(0).app.at(0).inside.at(0).method, "Probe.Program.Target");
    EXPECT_EQ(mono.test_id(), "probe:cs@mono");
    EXPECT_EQ(coreclr.test_id(), "probe:cs") << "coreclr, the default driver, is not named";
}

TEST_F(ScenarioDrivers, NotApplicableNamesWhyForTheScenarioOrAVariant)
{
    write(R"({"mono": {"not_applicable": {"cs": "no async on net48"}},
              "netfx": {"not_applicable": "Windows only"}})");
    const auto mono = scenario::load_scenario_variants(root_, "probe", "mono");
    ASSERT_EQ(mono.size(), 2u);
    EXPECT_EQ(mono.at(0).not_applicable, "no async on net48");
    EXPECT_FALSE(mono.at(1).not_applicable.has_value());
    EXPECT_THAT(
        [&] {
            try {
                scenario::load_scenario(root_, "probe:cs", "mono");
            } catch (const scenario::ScenarioError& error) {
                return std::string(error.what());
            }
            return std::string();
        }(),
        HasSubstr("probe:cs does not run on the mono driver: no async on net48"));
    for (const auto& variant : scenario::load_scenario_variants(root_, "probe", "netfx"))
        EXPECT_EQ(variant.not_applicable, "Windows only");
    for (const auto& variant : scenario::load_scenario_variants(root_, "probe"))
        EXPECT_FALSE(variant.not_applicable.has_value());
}

TEST_F(ScenarioDrivers, AnUnknownDriverIsAnErrorNamingTheValidOnes)
{
    write(R"({"mnoo": {}})");
    EXPECT_THROW(
        {
            try {
                scenario::load_scenario_variants(root_, "probe", "mono");
            } catch (const scenario::ScenarioError& error) {
                EXPECT_THAT(error.what(), HasSubstr("names 'mnoo': valid drivers are coreclr, "
                                                    "mono, netfx"));
                throw;
            }
        },
        scenario::ScenarioError);
}

TEST_F(ScenarioDrivers, TheNetfxDriverSetsTheMethodsAsideAndSaysWhereItsExpectationsComeFrom)
{
    write("{}");
    const auto netfx = scenario::load_scenario(root_, "probe:cs", "netfx");
    EXPECT_FALSE(netfx.threads.at(0).app.at(0).inside.at(0).method.has_value());
    for (const auto& call : netfx.threads.at(0).calls)
        EXPECT_FALSE(call.method.has_value()) << scenario::describe(call);
    EXPECT_EQ(
        scenario::load_scenario(root_, "probe:cs").threads.at(0).app.at(0).inside.at(0).method,
        "Probe.Del.Invoke");
    EXPECT_THAT(std::string(scenario::driver_traits("netfx").unobserved),
                HasSubstr("not yet observed"));
    EXPECT_TRUE(scenario::driver_traits("coreclr").unobserved.empty());
    EXPECT_TRUE(scenario::driver_traits("mono").unobserved.empty());
}

TEST_F(ScenarioDrivers, NativeLibraryNamesAreTheDllImportNames)
{
    std::filesystem::create_directories(root_ / "probe");
    std::ofstream(root_ / "probe" / "scenario.json") << R"({"id": "X01", "name": "probe",
      "entry": "Probe.dll", "native": ["libprobe_native.so", "other"],
      "app": [{"pinvoke": "outer"}]})";
    EXPECT_EQ(scenario::load_scenario(root_, "probe").native_library_names(),
              (std::vector<std::string>{"probe_native", "other"}));
}

TEST_F(ScenarioDrivers, TheNet48BuildIsTheEntryOfMono)
{
    write("{}");
    std::filesystem::create_directories(root_ / "probe" / "net48");
    std::ofstream(root_ / "probe" / "net48" / "ProbeVB.exe") << "";
    EXPECT_EQ(scenario::load_scenario(root_, "probe:vb").entry_path(),
              root_ / "probe" / "ProbeVB.dll");
    EXPECT_EQ(scenario::load_scenario(root_, "probe:vb", "mono").entry_path(),
              root_ / "probe" / "net48" / "ProbeVB.exe");
    EXPECT_EQ(scenario::load_scenario(root_, "probe:cs", "mono").entry_path(),
              root_ / "probe" / "net48" / "Probe.dll");
}

} // namespace
