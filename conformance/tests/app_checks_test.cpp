// Rules an app judges itself (scenario.json's app_checks: TM-LASTERROR, which no trace shows):
// an app that exits with the rule's code fails that rule, by name; one that runs to its end
// exercises it; a scenario may name only rules judged outside the trace.
#include "conformance/scenario/scenario.h"
#include "conformance/trace/trace_recording.h"
#include "conformance/verdict/scenario_verdict.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace clrhost;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class AppChecks : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::filesystem::create_directories(dir_);
        trace::TraceRecording(trace_, {"coreclr", "test", "reference"}).finish();
    }

    cli::ScenarioVerdict judge_exit(int app_exit) const
    {
        cli::RunRecord record;
        record.app_exit_code = app_exit;
        record.bridge_attached = true;
        return cli::judge(set_last_error_, cli::ChildEnd{}, record, trace_, false);
    }

    std::filesystem::path dir_ =
        std::filesystem::temp_directory_path() / ("clrhost-app-checks-" + std::to_string(getpid()));
    std::string trace_ = (dir_ / "set-last-error.jsonl").string();
    scenario::Scenario set_last_error_ =
        scenario::load_scenario(CLRHOST_SOURCE_SCENARIOS, "set-last-error:cs");
};

TEST_F(AppChecks, TheAppsCodeFailsTheRuleItChecks)
{
    ASSERT_EQ(set_last_error_.app_checks.at("TM-LASTERROR"), 3);
    const auto verdict = judge_exit(3);
    EXPECT_EQ(verdict.result, cli::Result::Fail);
    EXPECT_THAT(verdict.failed, Contains("TM-LASTERROR"));
    EXPECT_THAT(verdict.failed, Not(Contains("exit-code"))) << "the rule explains the exit code";
    EXPECT_THAT(verdict.problems, Contains(HasSubstr("it found TM-LASTERROR broken")));
}

TEST_F(AppChecks, AnAppThatRanToItsEndExercisedTheRule)
{
    const auto verdict = judge_exit(0);
    EXPECT_THAT(verdict.exercised, Contains("TM-LASTERROR"));
    EXPECT_THAT(verdict.failed, Not(Contains("TM-LASTERROR")));
}

TEST_F(AppChecks, AnotherExitCodeIsTheAppsOwnFailure)
{
    const auto verdict = judge_exit(1);
    EXPECT_THAT(verdict.failed, Contains("exit-code"));
    EXPECT_THAT(verdict.failed, Not(Contains("TM-LASTERROR")));
}

TEST(AppChecksFile, OnlyRulesJudgedOutsideTheTraceMayBeNamed)
{
    const auto root = std::filesystem::temp_directory_path() /
                      ("clrhost-app-checks-file-" + std::to_string(getpid()));
    std::filesystem::create_directories(root / "probe");
    std::ofstream(root / "probe" / "scenario.json")
        << R"({"id": "S99", "name": "probe", "entry": "Probe.dll", "language": "cs",
              "app_checks": {"TM-NEST": 3}, "app": []})";
    try {
        scenario::load_scenario(root, "probe");
        ADD_FAILURE() << "a scenario naming TM-NEST in app_checks was accepted";
    } catch (const scenario::ScenarioError& error) {
        EXPECT_THAT(error.what(), HasSubstr("app_checks names TM-NEST"));
    }
    std::filesystem::remove_all(root);
}

} // namespace
