// Scenario S01 on the real CoreCLR, for each host under test (the build's host plug-in): the
// seed page's six calls, in order, on the scenario's thread, with the two native targets the
// process itself resolves; the same stated as a GoogleMock sequence; and proof that both
// assertions go red when the expected order changes.
#include "conformance/tests/support/hresult_matchers.h"
#include "fixtures/gtest/app_site_router.h"
#include "fixtures/gtest/coreclr_scenario_test.h"
#include "fixtures/replay/trace_replay.h"
#include "mocks/mock_host_task_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <unistd.h>

namespace {

using namespace clrhost;
using namespace clrhost::trace;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::InSequence;
using ::testing::Pair;
using ::testing::Return;
using ::testing::SetArgPointee;

constexpr const char* kNative = "libdoctable_native.so";
constexpr const char* kCallback = "DocTable.CSharp.Callbacks.SecondLayer";

class DocTableOnCoreclr : public fixtures::CoreclrScenarioTest {
protected:
    scenario::Scenario doc_table_ = load("doc-table");
    SIZE_T first_ = native_address(doc_table_, kNative, "first_unmanaged");
    SIZE_T second_ = native_address(doc_table_, kNative, "second_unmanaged");

    // The seed's six calls as (call, target); CallNeedsHostHook left out.
    std::vector<std::pair<HostCall, SIZE_T>> transitions() const
    {
        std::vector<std::pair<HostCall, SIZE_T>> result;
        for (const auto& call : app_calls())
            if (call.call != HostCall::CallNeedsHostHook)
                result.emplace_back(call.call, call.target.value_or(0));
        return result;
    }
};

TEST_P(DocTableOnCoreclr, SeedTableInOrderWithTheRealTargets)
{
    const auto result = run(doc_table_);
    ASSERT_TRUE(result.app.bridge_attached) << "the runtime did not load the bridge";
    ASSERT_EQ(result.app.exit_code, 0) << "the doc-table app itself failed";

    // EnterRuntime carries the target of the P/Invoke it closes (the driver knows it).
    EXPECT_THAT(
        transitions(),
        ElementsAre(Pair(HostCall::LeaveRuntime, first_), Pair(HostCall::ReverseEnterRuntime, 0),
                    Pair(HostCall::LeaveRuntime, second_), Pair(HostCall::EnterRuntime, second_),
                    Pair(HostCall::ReverseLeaveRuntime, 0), Pair(HostCall::EnterRuntime, first_)));
    for (const auto& call : app_calls()) {
        // hostfxr_run_app runs Main on the calling thread: every app call comes on this one.
        EXPECT_EQ(call.tid, ::gettid()) << scenario::describe(call) << " came on another thread";
        if (call.call == HostCall::ReverseEnterRuntime ||
            call.call == HostCall::ReverseLeaveRuntime) {
            EXPECT_EQ(call.method, kCallback);
        }
    }
    // Every call succeeded, the framework's too: a host whose books went wrong (a closing call
    // that matched no open layer) fails one. The framework's own P/Invokes (Console.WriteLine's)
    // were there, and were filtered out.
    std::size_t framework_calls = 0;
    for (const auto& call : trace().calls) {
        EXPECT_THAT(Hr(call.hr), IsHresult(S_OK)) << scenario::describe(call);
        if (call.framework) {
            ++framework_calls;
            EXPECT_NE(call.target, first_);
            EXPECT_NE(call.target, second_);
        }
    }
    EXPECT_GT(framework_calls, 0u);
    EXPECT_TRUE(
        scenario::compare_with_expected(doc_table_.threads.front().calls, app_calls()).matches);
    if (const auto layers = host_open_layers()) { // a host that shows its bookkeeping
        EXPECT_TRUE(layers->empty()) << "the host was left with open layers";
    }
}

TEST_P(DocTableOnCoreclr, MockHostReceivesTheSeedSequence)
{
    // The app's calls go to the GoogleMock host, the framework's to the host under test.
    ::testing::StrictMock<mocks::MockHostTaskManager> app_host;
    fixtures::AppSiteRouter router(app_host, host());
    {
        InSequence seed_table;
        EXPECT_CALL(app_host, CallNeedsHostHook(first_, _))
            .WillOnce(DoAll(SetArgPointee<1>(TRUE_), Return(S_OK)));
        EXPECT_CALL(app_host, LeaveRuntime(first_)).WillOnce(Return(S_OK));
        EXPECT_CALL(app_host, ReverseEnterRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(app_host, CallNeedsHostHook(second_, _))
            .WillOnce(DoAll(SetArgPointee<1>(TRUE_), Return(S_OK)));
        EXPECT_CALL(app_host, LeaveRuntime(second_)).WillOnce(Return(S_OK));
        EXPECT_CALL(app_host, EnterRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(app_host, ReverseLeaveRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(app_host, EnterRuntime()).WillOnce(Return(S_OK));
    }
    const auto result = run(doc_table_, router, "mock");
    ASSERT_TRUE(result.app.bridge_attached);
    EXPECT_EQ(result.app.exit_code, 0);
}

// Counts the failures a statement reports instead of failing the test with them.
int failures_reported_by(const std::function<void()>& statement)
{
    ::testing::TestPartResultArray failures;
    {
        ::testing::ScopedFakeTestPartResultReporter intercept(
            ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
        statement();
    }
    return failures.size();
}

void expect_seed_sequence(mocks::MockHostTaskManager& host, SIZE_T first, SIZE_T second,
                          bool swap_inner_calls)
{
    InSequence order;
    EXPECT_CALL(host, CallNeedsHostHook(first, _)).WillOnce(Return(S_OK));
    EXPECT_CALL(host, LeaveRuntime(first)).WillOnce(Return(S_OK));
    EXPECT_CALL(host, ReverseEnterRuntime()).WillOnce(Return(S_OK));
    EXPECT_CALL(host, CallNeedsHostHook(second, _)).WillOnce(Return(S_OK));
    if (swap_inner_calls) { // rows 4 and 5 of the seed's table exchanged
        EXPECT_CALL(host, LeaveRuntime(second)).WillOnce(Return(S_OK));
        EXPECT_CALL(host, ReverseLeaveRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
    } else {
        EXPECT_CALL(host, LeaveRuntime(second)).WillOnce(Return(S_OK));
        EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(host, ReverseLeaveRuntime()).WillOnce(Return(S_OK));
    }
    EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
}

TEST_P(DocTableOnCoreclr, ChangedExpectedOrderGoesRed)
{
    ASSERT_TRUE(run(doc_table_).app.bridge_attached);
    const auto observed = app_calls();

    // The trace assertion: right order passes, each changed order fails.
    ASSERT_TRUE(
        scenario::compare_with_expected(doc_table_.threads.front().calls, observed).matches);
    for (std::size_t i = 0; i + 1 < doc_table_.threads.front().calls.size(); ++i) {
        auto changed = doc_table_.threads.front().calls;
        std::swap(changed[i], changed[i + 1]);
        EXPECT_FALSE(scenario::compare_with_expected(changed, observed).matches)
            << "swapping expected calls " << i + 1 << " and " << i + 2 << " went unnoticed";
    }

    // The GoogleMock assertion, fed the recorded calls: silent for the right order, red for
    // the changed one.
    EXPECT_EQ(failures_reported_by([&] {
                  ::testing::StrictMock<mocks::MockHostTaskManager> mock;
                  expect_seed_sequence(mock, first_, second_, false);
                  replay::replay_calls(mock, observed);
              }),
              0);
    EXPECT_GT(failures_reported_by([&] {
                  ::testing::StrictMock<mocks::MockHostTaskManager> mock;
                  expect_seed_sequence(mock, first_, second_, true);
                  replay::replay_calls(mock, observed);
              }),
              0);
}

CLRHOST_INSTANTIATE_FOR_HOSTS_UNDER_TEST(DocTableOnCoreclr);

} // namespace
