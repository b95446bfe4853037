// The transition bridge without the runtime: its library loaded and its callbacks made the way
// CoreCLR makes them (fixtures/profiler-harness), a GoogleMock host behind it. How each profiler
// transition becomes IHostTaskManager calls, what a failed or refused call opens, the E_FAIL latch,
// and what uninstall() and a later install() do with transitions still open. Each case runs in a
// process of its own (gtest_discover_tests): the bridge is one object per process.
#include "fixtures/bridge/bridge_api.h"
#include "fixtures/profiler-harness/profiler_harness.h"
#include "mocks/mock_host_task_manager.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <thread>

namespace {

using namespace clrhost;
using namespace clrhost::prof;
using ::testing::_;
using ::testing::DoAll;
using ::testing::InSequence;
using ::testing::Return;
using ::testing::SetArgPointee;
using ::testing::StrictMock;

constexpr FunctionID kPInvoke = 0x7f0000001000;
constexpr FunctionID kCallback = 0x7f0000002000;

class BridgeTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        install_ =
            reinterpret_cast<clrhost_bridge_install_fn>(library_.symbol(CLRHOST_BRIDGE_INSTALL));
        uninstall_ = reinterpret_cast<clrhost_bridge_uninstall_fn>(
            library_.symbol(CLRHOST_BRIDGE_UNINSTALL));
        status_ = reinterpret_cast<clrhost_bridge_get_status_fn>(
            library_.symbol(CLRHOST_BRIDGE_GET_STATUS));
        ASSERT_TRUE(install_ && uninstall_ && status_);
    }
    void TearDown() override { uninstall_(); }

    void install(IHostTaskManager& host)
    {
        const clrhost_bridge_config config{sizeof(clrhost_bridge_config), "/nonexistent", nullptr,
                                           nullptr};
        ASSERT_EQ(install_(&host, &config), 0);
    }
    clrhost_bridge_status status() const
    {
        clrhost_bridge_status status{};
        status.struct_size = sizeof status;
        status_(&status);
        return status;
    }
    // The callbacks the runtime makes around a P/Invoke and around a reverse P/Invoke.
    void pinvoke_out()
    {
        profiler().ManagedToUnmanagedTransition(kPInvoke, COR_PRF_TRANSITION_CALL);
    }
    void pinvoke_back()
    {
        profiler().UnmanagedToManagedTransition(kPInvoke, COR_PRF_TRANSITION_RETURN);
    }
    void callback_in()
    {
        profiler().UnmanagedToManagedTransition(kCallback, COR_PRF_TRANSITION_CALL);
    }
    void callback_out()
    {
        profiler().ManagedToUnmanagedTransition(kCallback, COR_PRF_TRANSITION_RETURN);
    }
    ICorProfilerCallback11& profiler() { return library_.profiler(); }

    // A host that gives every thread a task.
    static void give_tasks(mocks::MockHostTaskManager& host, int times = 1)
    {
        static mocks::InertHostTask task;
        EXPECT_CALL(host, GetCurrentTask(_))
            .Times(times)
            .WillRepeatedly(DoAll(SetArgPointee<0>(&task), Return(S_OK)));
    }

    // The hosts outlive TearDown's uninstall(), which releases the one installed.
    StrictMock<mocks::MockHostTaskManager> host;
    StrictMock<mocks::MockHostTaskManager> first;
    StrictMock<mocks::MockHostTaskManager> second;
    harness::ProfilerLibrary library_{CLRHOST_BRIDGE_LIBRARY, CLRHOST_BRIDGE_CLSID};
    clrhost_bridge_install_fn install_ = nullptr;
    clrhost_bridge_uninstall_fn uninstall_ = nullptr;
    clrhost_bridge_get_status_fn status_ = nullptr;
};

auto answer_hook(BOOL answer)
{
    return DoAll(SetArgPointee<1>(answer), Return(S_OK));
}

TEST_F(BridgeTest, APInvokeAsksForHooksThenLeavesAndEnters)
{
    {
        InSequence order;
        give_tasks(host);
        // The stand-in runtime resolves no target: the bridge passes 0 and records why.
        EXPECT_CALL(host, CallNeedsHostHook(0, _)).WillOnce(answer_hook(TRUE_));
        EXPECT_CALL(host, LeaveRuntime(0)).WillOnce(Return(S_OK));
        EXPECT_CALL(host, ReverseEnterRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(host, ReverseLeaveRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
    }
    install(host);
    pinvoke_out();
    callback_in();
    callback_out();
    pinvoke_back();
    EXPECT_EQ(status().host_calls, 6u);
    EXPECT_EQ(status().transitions, 4u);
}

TEST_F(BridgeTest, NoHookNoLeaveAndNoEnter)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(FALSE_));
    install(host);
    pinvoke_out();
    pinvoke_back();
}

TEST_F(BridgeTest, AHookAnswerTheHostDidNotWriteMeansNoHook)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(Return(S_OK));
    install(host);
    pinvoke_out();
    pinvoke_back();
}

TEST_F(BridgeTest, AFailedLeaveRuntimeOpensNothing)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(host, LeaveRuntime(_)).WillOnce(Return(HOST_E_TIMEOUT));
    install(host);
    pinvoke_out();
    pinvoke_back(); // no EnterRuntime: the StrictMock fails on one
}

TEST_F(BridgeTest, OnlyExactlySOkOpensAReverseCall)
{
    give_tasks(host);
    EXPECT_CALL(host, ReverseEnterRuntime()).WillOnce(Return(S_FALSE));
    install(host);
    callback_in();
    callback_out();
}

TEST_F(BridgeTest, AThreadWithoutATaskGetsNoHooks)
{
    EXPECT_CALL(host, GetCurrentTask(_)).WillOnce(DoAll(SetArgPointee<0>(nullptr), Return(S_OK)));
    install(host);
    pinvoke_out();
    pinvoke_back();
    callback_in();
    callback_out();
}

TEST_F(BridgeTest, AfterEFailNothingReachesTheHost)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(host, LeaveRuntime(_)).WillOnce(Return(E_FAIL));
    install(host);
    pinvoke_out();
    pinvoke_back();
    for (int i = 0; i < 3; ++i) {
        pinvoke_out();
        callback_in();
        callback_out();
        pinvoke_back();
    }
    EXPECT_EQ(status().runtime_disabled, 1);
}

TEST_F(BridgeTest, AHostExceptionIsCaughtAndCounted)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(host, LeaveRuntime(_)).WillOnce([](SIZE_T) -> HRESULT {
        throw std::runtime_error("a host's bug");
    });
    install(host);
    pinvoke_out(); // must not unwind into the runtime
    pinvoke_back();
    EXPECT_EQ(status().host_exceptions, 1u);
}

TEST_F(BridgeTest, TheHostCannotChangeErrno)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(host, LeaveRuntime(_)).WillOnce(Return(S_OK));
    EXPECT_CALL(host, EnterRuntime()).WillOnce([] {
        errno = EBADF;
        return S_OK;
    });
    install(host);
    pinvoke_out();
    errno = EAGAIN; // what the native function left for Marshal.GetLastPInvokeError
    pinvoke_back();
    EXPECT_EQ(errno, EAGAIN);
}

// The app is done, another thread is inside a P/Invoke: uninstall() waits for it to come back
// (for a while), so the host sees its EnterRuntime; meanwhile nothing new opens.
TEST_F(BridgeTest, UninstallLetsOpenTransitionsClose)
{
    give_tasks(host);
    EXPECT_CALL(host, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(host, LeaveRuntime(_)).WillOnce(Return(S_OK));
    EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
    install(host);
    pinvoke_out();
    auto uninstalled = std::async(std::launch::async, [this] { uninstall_(); });
    ASSERT_EQ(uninstalled.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout)
        << "uninstall() did not wait for the open P/Invoke";
    std::thread([this] {
        pinvoke_out(); // a new P/Invoke while draining: the host hears nothing of it
        pinvoke_back();
    }).join();
    pinvoke_back();
    uninstalled.get();
    pinvoke_out();
    pinvoke_back();
}

// A transition open when a host was uninstalled (it never came back in time) closes with no
// host at all once another is installed: the new host never sees an EnterRuntime it did not
// open, and the thread's next P/Invoke starts afresh with it.
TEST_F(BridgeTest, ANewHostNeverClosesWhatAnotherOpened)
{
    give_tasks(first);
    EXPECT_CALL(first, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
    EXPECT_CALL(first, LeaveRuntime(_)).WillOnce(Return(S_OK));
    install(first);
    pinvoke_out();
    uninstall_(); // drains in vain: the P/Invoke is still out
    {
        InSequence order;
        give_tasks(second);
        EXPECT_CALL(second, CallNeedsHostHook(_, _)).WillOnce(answer_hook(TRUE_));
        EXPECT_CALL(second, LeaveRuntime(_)).WillOnce(Return(S_OK));
        EXPECT_CALL(second, EnterRuntime()).WillOnce(Return(S_OK));
    }
    install(second);
    pinvoke_back(); // the first host's P/Invoke comes back
    pinvoke_out();
    pinvoke_back();
}

} // namespace
