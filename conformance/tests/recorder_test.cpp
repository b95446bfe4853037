// The recorder forwards every call unchanged, records each one with the host's answer, changes
// nothing the traced code can see, and loses no call when many threads call at once.
#include "conformance/platform/thread_id.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/reference-host/reference_host.h"
#include "mocks/mock_host_task_manager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <thread>
#include <unistd.h>

namespace {

using namespace clrhost;
using namespace clrhost::trace;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;
using ::testing::_;
using ::testing::DoAll;
using ::testing::InSequence;
using ::testing::Return;
using ::testing::SetArgPointee;

class RecorderTest : public ::testing::Test {
protected:
    std::string path_ = (std::filesystem::temp_directory_path() /
                         ("recorder-" + std::to_string(::getpid()) + ".jsonl"))
                            .string();
    void TearDown() override
    {
        std::filesystem::remove(path_);
        std::filesystem::remove(recording_path(path_));
    }
};

TEST_F(RecorderTest, ForwardsEveryCallAndRecordsTheHostsAnswer)
{
    ::testing::StrictMock<mocks::MockHostTaskManager> host;
    {
        InSequence order;
        EXPECT_CALL(host, CallNeedsHostHook(0x1234, _))
            .WillOnce(DoAll(SetArgPointee<1>(FALSE_), Return(S_OK)));
        EXPECT_CALL(host, LeaveRuntime(0x1234)).WillOnce(Return(HOST_E_TIMEOUT));
        EXPECT_CALL(host, ReverseEnterRuntime()).WillOnce(Return(S_FALSE));
        EXPECT_CALL(host, ReverseLeaveRuntime()).WillOnce(Return(S_OK));
        EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(E_FAIL));
    }
    TraceRecording recording(path_, {"replay", "", "mock"});
    auto recorder = make_com<layers::Recorder>(ComPtr<IHostTaskManager>::share(&host), recording);
    BOOL needs_hook = TRUE_;
    EXPECT_THAT(Hr(recorder->CallNeedsHostHook(0x1234, &needs_hook)), IsHresult(S_OK));
    EXPECT_EQ(needs_hook, FALSE_);
    EXPECT_THAT(Hr(recorder->LeaveRuntime(0x1234)), IsHresult(HOST_E_TIMEOUT));
    EXPECT_THAT(Hr(recorder->ReverseEnterRuntime()), IsHresult(S_FALSE));
    EXPECT_THAT(Hr(recorder->ReverseLeaveRuntime()), IsHresult(S_OK));
    EXPECT_THAT(Hr(recorder->EnterRuntime()), IsHresult(E_FAIL));

    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 5u);
    EXPECT_EQ(trace.calls[0].call, HostCall::CallNeedsHostHook);
    EXPECT_EQ(trace.calls[0].hook, false);
    EXPECT_EQ(trace.calls[0].target, 0x1234u);
    EXPECT_THAT(Hr(trace.calls[1].hr), IsHresult(HOST_E_TIMEOUT));
    EXPECT_THAT(Hr(trace.calls[2].hr), IsHresult(S_FALSE));
    EXPECT_EQ(trace.calls[4].call, HostCall::EnterRuntime);
    EXPECT_THAT(Hr(trace.calls[4].hr), IsHresult(E_FAIL));
    for (const auto& call : trace.calls)
        EXPECT_EQ(call.tid, clrhost::current_thread_id());
}

TEST_F(RecorderTest, SiteAwareCallsCarryTheSite)
{
    auto host = make_com<reference::ReferenceHost>();
    TraceRecording recording(path_, {"replay", "", "reference"});
    auto recorder =
        make_com<layers::Recorder>(ComPtr<IHostTaskManager>::adopt(host.detach()), recording);
    TransitionSite site;
    site.target = 0xabc;
    site.symbol = "second_unmanaged";
    site.library = "libdoctable_native.so";
    site.method = "DocTable.CSharp.Native.second_unmanaged";
    site.assembly = "DocTableCS";
    site.framework = true;
    EXPECT_THAT(Hr(recorder->LeaveRuntimeAt(site)), IsHresult(S_OK));
    EXPECT_THAT(Hr(recorder->EnterRuntimeAt(site)), IsHresult(S_OK));
    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 2u);
    EXPECT_EQ(trace.calls[0].host_layers, "U") << "the reference host shows its bookkeeping";
    EXPECT_EQ(trace.calls[1].host_layers, "");
    EXPECT_EQ(trace.calls[1].symbol, "second_unmanaged");
    EXPECT_EQ(trace.calls[1].method, "DocTable.CSharp.Native.second_unmanaged");
    EXPECT_EQ(trace.calls[1].assembly, "DocTableCS");
    EXPECT_EQ(trace.calls[1].target, 0xabcu);
    EXPECT_TRUE(trace.calls[1].framework);
}

// A host that shows its bookkeeping, with its introspection answer injected.
class IntrospectingMockHost : public mocks::MockHostTaskManager, public IHostLayerIntrospection {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (riid == IID_IHostLayerIntrospection) {
            *object = static_cast<IHostLayerIntrospection*>(this);
            return S_OK;
        }
        return MockHostTaskManager::QueryInterface(riid, object);
    }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }
    MOCK_METHOD(HRESULT, GetCurrentThreadLayers, (HostLayer*, ULONG, ULONG*), (override));
};

// The host's answer is kept as it gave it: a value that is neither layer becomes "?", a failed
// or ever-growing answer "!", so that the rules report the host instead of a damaged trace.
TEST_F(RecorderTest, KeepsAnIntrospectionAnswerThatIsNotALayer)
{
    ::testing::NiceMock<IntrospectingMockHost> host;
    host.answer_like_a_conforming_host();
    auto answer = [](std::string layers) {
        return [layers](HostLayer* out, ULONG capacity, ULONG* count) {
            *count = static_cast<ULONG>(layers.size());
            for (ULONG i = 0; i < std::min<ULONG>(capacity, *count); ++i)
                out[i] = static_cast<HostLayer>(layers[i]);
            return S_OK;
        };
    };
    {
        InSequence order;
        EXPECT_CALL(host, GetCurrentThreadLayers(_, _, _)).WillOnce(answer("U"));
        EXPECT_CALL(host, GetCurrentThreadLayers(_, _, _)).WillOnce(answer("UxM"));
        EXPECT_CALL(host, GetCurrentThreadLayers(_, _, _)).WillOnce(Return(E_NOTIMPL));
        EXPECT_CALL(host, GetCurrentThreadLayers(_, _, _))
            .Times(3)
            .WillRepeatedly([](HostLayer*, ULONG capacity, ULONG* count) {
                *count = capacity + 1; // never enough room
                return S_OK;
            });
    }
    TraceRecording recording(path_, {"replay", "", "mock"});
    auto recorder = make_com<layers::Recorder>(ComPtr<IHostTaskManager>::share(&host), recording);
    recorder->LeaveRuntime(1);
    recorder->ReverseEnterRuntime();
    recorder->ReverseLeaveRuntime();
    recorder->EnterRuntime();
    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 4u);
    EXPECT_EQ(trace.calls[0].host_layers, "U");
    EXPECT_EQ(trace.calls[1].host_layers, "U?M");
    EXPECT_EQ(trace.calls[2].host_layers, "!");
    EXPECT_EQ(trace.calls[3].host_layers, "!");
}

// What the recorder does to record a call (asking the host for its layers, storing the call) may
// change errno; the errno the host's call left must be what the traced code sees after it. The
// host's introspection clobbers errno here, as one that takes a lock or logs would: without the
// recorder's restore the caller would read EDOM. (The host's own calls leave errno alone: what a
// host's transition call does to errno is the driver's to undo,
// BridgeTest.TheHostCannotChangeErrno.)
TEST_F(RecorderTest, RecordingLeavesErrnoAlone)
{
    ::testing::NiceMock<IntrospectingMockHost> host;
    host.answer_like_a_conforming_host();
    ON_CALL(host, GetCurrentThreadLayers(_, _, _))
        .WillByDefault([](HostLayer*, ULONG, ULONG* count) {
            errno = EDOM;
            *count = 0;
            return S_OK;
        });
    EXPECT_CALL(host, GetCurrentThreadLayers(_, _, _)).Times(4);
    TraceRecording recording(path_, {"replay", "", "mock"});
    auto recorder = make_com<layers::Recorder>(ComPtr<IHostTaskManager>::share(&host), recording);
    errno = EAGAIN;
    recorder->LeaveRuntime(1);
    EXPECT_EQ(errno, EAGAIN) << "after LeaveRuntime";
    errno = EINTR;
    recorder->ReverseEnterRuntime();
    EXPECT_EQ(errno, EINTR) << "after ReverseEnterRuntime";
    errno = ENOENT;
    recorder->ReverseLeaveRuntime();
    EXPECT_EQ(errno, ENOENT) << "after ReverseLeaveRuntime";
    errno = ENOMSG;
    recorder->EnterRuntime();
    EXPECT_EQ(errno, ENOMSG) << "after EnterRuntime";
}

TEST_F(RecorderTest, LosesNoCallUnderFourThreads)
{
    constexpr int kThreads = 4;
    constexpr int kRoundTrips = 5000;
    auto host = make_com<reference::ReferenceHost>();
    TraceRecording recording(path_, {"replay", "", "reference"});
    auto recorder =
        make_com<layers::Recorder>(ComPtr<IHostTaskManager>::adopt(host.detach()), recording);
    std::vector<std::thread> threads; // not jthread: see fixtures/replay/trace_replay.cpp
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < kRoundTrips; ++i) {
                recorder->LeaveRuntime(static_cast<SIZE_T>(i + 1));
                recorder->EnterRuntime();
            }
        });
    for (auto& thread : threads)
        thread.join();
    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), static_cast<std::size_t>(kThreads * kRoundTrips * 2));
    std::map<std::int64_t, std::uint64_t> expected_target;
    for (std::size_t i = 0; i < trace.calls.size(); ++i) {
        const auto& call = trace.calls[i];
        ASSERT_EQ(call.seq, i) << "seq must be global and strictly increasing in file order";
        if (call.call == HostCall::LeaveRuntime) {
            ASSERT_EQ(call.target, ++expected_target[call.tid]) << "a thread's calls out of order";
        }
    }
    EXPECT_EQ(expected_target.size(), static_cast<std::size_t>(kThreads));
}

} // namespace
