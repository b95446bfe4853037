// The comparison of observed app calls with a scenario's expected calls goes red for each kind
// of deviation: reordered, dropped, wrong target, on two threads, without a target address.
#include "conformance/scenario/scenario.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

namespace {

using namespace clrhost;
using namespace clrhost::trace;

std::vector<TraceCall> conforming_doc_table(const scenario::Scenario& doc_table)
{
    std::vector<TraceCall> calls;
    std::uint64_t seq = 0;
    for (const auto& expected : doc_table.threads.front().calls) {
        TraceCall call;
        call.seq = seq++;
        call.tid = 100;
        call.call = expected.call;
        call.symbol = expected.symbol;
        call.method = expected.method;
        if (expected.call == HostCall::CallNeedsHostHook)
            call.hook = true; // the reference host's answer
        if (expected.symbol)
            call.target = 0x1000 + call.seq;
        calls.push_back(call);
    }
    return calls;
}

class ScenarioComparison : public ::testing::Test {
protected:
    scenario::Scenario doc_table_ = scenario::load_scenario(CLRHOST_SOURCE_SCENARIOS, "doc-table");
    std::vector<TraceCall> observed_ = conforming_doc_table(doc_table_);

    bool matches() const
    {
        return scenario::compare_with_expected(doc_table_.threads.front().calls, observed_).matches;
    }
};

TEST_F(ScenarioComparison, DocTableHasTheSeedsSixTransitions)
{
    int transitions = 0;
    for (const auto& call : doc_table_.threads.front().calls)
        transitions += call.row != 0;
    EXPECT_EQ(transitions, 6);
    EXPECT_TRUE(matches());
}

TEST_F(ScenarioComparison, ReorderedCallsGoRed)
{
    std::swap(observed_[2], observed_[4]); // ReverseEnter and the inner LeaveRuntime
    EXPECT_FALSE(matches());
}

TEST_F(ScenarioComparison, SwappedExpectationGoesRed)
{
    std::swap(doc_table_.threads.front().calls[5], doc_table_.threads.front().calls[6]);
    EXPECT_FALSE(matches());
}

TEST_F(ScenarioComparison, DroppedEnterRuntimeGoesRed)
{
    observed_.pop_back();
    EXPECT_FALSE(matches());
}

TEST_F(ScenarioComparison, WrongSymbolGoesRed)
{
    observed_[1].symbol = "second_unmanaged";
    EXPECT_FALSE(matches());
}

TEST_F(ScenarioComparison, MissingTargetGoesRed)
{
    observed_[1].target.reset();
    const auto result =
        scenario::compare_with_expected(doc_table_.threads.front().calls, observed_);
    ASSERT_FALSE(result.matches);
    EXPECT_NE(result.problems.front().find("TM-TARGET"), std::string::npos);
}

TEST_F(ScenarioComparison, CallsOnTwoThreadsGoRed)
{
    observed_[3].tid = 101;
    EXPECT_FALSE(matches());
}

TEST_F(ScenarioComparison, FrameworkCallsAreLeftOut)
{
    TraceCall framework;
    framework.call = HostCall::LeaveRuntime;
    framework.framework = true;
    TraceCall task;
    task.call = HostCall::GetCurrentTask;
    auto with_noise = observed_;
    with_noise.insert(with_noise.begin() + 2, framework);
    with_noise.insert(with_noise.begin(), task);
    EXPECT_EQ(scenario::app_calls(with_noise).size(), observed_.size());
}

} // namespace

namespace {

// The same call n times, expected and recorded alike (answered S_OK).
std::pair<std::vector<scenario::ExpectedCall>, std::vector<TraceCall>> same_calls(std::size_t n)
{
    scenario::ExpectedCall want;
    want.call = HostCall::ReverseLeaveRuntime;
    TraceCall got;
    got.call = HostCall::ReverseLeaveRuntime;
    got.tid = 100;
    std::vector<TraceCall> recorded(n, got);
    for (std::size_t i = 0; i < n; ++i)
        recorded[i].seq = i;
    return {std::vector<scenario::ExpectedCall>(n, want), recorded};
}

} // namespace

TEST(ComparisonTable, ShowsEachAnswerAndTheSkippedCalls)
{
    auto [expected, recorded] = same_calls(6);
    recorded[2].call = HostCall::ReverseEnterRuntime; // the difference
    recorded[2].hr = E_FAIL;
    for (std::size_t i = 3; i < 6; ++i) {
        expected[i].skipped = true;
        recorded[i].skipped = true;
        recorded[i].hr = HOST_E_CLRNOTAVAILABLE; // what the bridge returned, not the host
    }
    const auto table = scenario::compare_with_expected(expected, recorded).table;
    EXPECT_NE(table.find("ReverseLeaveRuntime = S_OK  seq 0 tid 100"), std::string::npos) << table;
    EXPECT_NE(table.find("!! ReverseLeaveRuntime"), std::string::npos) << table;
    EXPECT_NE(table.find("ReverseEnterRuntime = E_FAIL  seq 2"), std::string::npos) << table;
    EXPECT_NE(table.find("ReverseLeaveRuntime (skipped)  seq 3"), std::string::npos) << table;
    EXPECT_EQ(table.find("CLRNOTAVAILABLE"), std::string::npos) << table;
}

TEST(ComparisonTable, CountsTheIdenticalCallsLeftOut)
{
    auto [expected, recorded] = same_calls(200);
    recorded[100].call = HostCall::EnterRuntime;
    const auto result = scenario::compare_with_expected(expected, recorded);
    EXPECT_NE(result.table.find("   ... 96 identical calls ...\n"), std::string::npos)
        << result.table;
    EXPECT_NE(result.table.find("   ... 95 identical calls ...\n"), std::string::npos)
        << result.table;
    EXPECT_EQ(result.mismatches, std::vector<std::size_t>{100});
    EXPECT_EQ(std::count(result.table.begin(), result.table.end(), '\n'), 11);
}

TEST(ComparisonTable, StopsAfterAboutSixtyRows)
{
    auto [expected, recorded] = same_calls(300);
    for (std::size_t i = 100; i < 300; ++i)
        recorded[i].call = HostCall::EnterRuntime; // everything from call 101 on differs
    const auto table = scenario::compare_with_expected(expected, recorded).table;
    EXPECT_LE(std::count(table.begin(), table.end(), '\n'), 66) << table;
    EXPECT_NE(table.find("   ... 96 identical calls ...\n"), std::string::npos) << table;
    EXPECT_NE(table.find(" calls, all differing ...\n"), std::string::npos) << table;
}
