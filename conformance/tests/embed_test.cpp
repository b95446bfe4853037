// Embed mode's library (include/clrhost/embed.h) through its C ABI alone: it records what it
// forwards, unchanged, with a header that says what ran; and bad input is refused with an HRESULT
// and one line naming the fix, never a crash or an exception through the ABI.
#include <clrhost/embed.h>

#include "conformance/platform/thread_id.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/tests/support/trace_recording_fixture.h"
#include "conformance/trace/trace_format.h"
#include "fixtures/reference-host/reference_host.h"

#include <clrhost/com_ptr.h>
#include <clrhost/hresult.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace clrhost;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class EmbedTest : public trace::TraceRecordingTest {
protected:
    ComPtr<reference::ReferenceHost> host_ = make_com<reference::ReferenceHost>();
    clrhost_embed_session* session_ = nullptr;

    clrhost_embed_options options() const
    {
        clrhost_embed_options options{};
        options.struct_size = sizeof options;
        options.abi_version = CLRHOST_EMBED_ABI_VERSION;
        options.trace_path = path_.c_str();
        options.host_name = "their-host";
        return options;
    }
    HRESULT start(const clrhost_embed_options& options)
    {
        return clrhost_embed_start(&options, host_.get(), &session_);
    }
    ComPtr<IHostTaskManager> recorder()
    {
        ComPtr<IHostTaskManager> recorder;
        EXPECT_THAT(Hr(clrhost_embed_task_manager(session_, recorder.put())), IsHresult(S_OK));
        return recorder;
    }
    void TearDown() override
    {
        clrhost_embed_close(session_);
        TraceRecordingTest::TearDown();
    }
};

// One line naming the fix: no newline, and the fix after the problem.
auto one_line_naming(const std::string& fix)
{
    return AllOf(HasSubstr(fix), Not(HasSubstr("\n")));
}

TEST_F(EmbedTest, ForwardsUnchangedAndRecordsWhatRan)
{
    auto options = this->options();
    options.runtime = "4.8.9032.0";
    ASSERT_THAT(Hr(start(options)), IsHresult(S_OK)) << clrhost_embed_last_error();
    EXPECT_STREQ(clrhost_embed_last_error(), "");
    {
        const auto recorder = this->recorder();
        BOOL needs_hook = 0;
        EXPECT_THAT(Hr(recorder->CallNeedsHostHook(0x1000, &needs_hook)), IsHresult(S_OK));
        EXPECT_TRUE(needs_hook);
        EXPECT_THAT(Hr(recorder->LeaveRuntime(0x1000)), IsHresult(S_OK));
        EXPECT_EQ(host_->open_layers().size(), 1u); // the host got it
        EXPECT_THAT(Hr(recorder->EnterRuntime()), IsHresult(S_OK));
        EXPECT_THAT(Hr(recorder->ReverseLeaveRuntime()),
                    IsHresult(E_FAIL)); // the host's own answer
    }
    EXPECT_THAT(Hr(clrhost_embed_thread_ended(session_, 4242)), IsHresult(S_OK));
    ASSERT_THAT(Hr(clrhost_embed_finish(session_)), IsHresult(S_OK)) << clrhost_embed_last_error();
    EXPECT_FALSE(std::filesystem::exists(trace::recording_path(path_)));

    const auto trace = trace::read_trace_file(path_);
    EXPECT_EQ(trace.header.driver, CLRHOST_EMBED_DEFAULT_DRIVER);
    EXPECT_EQ(trace.header.runtime, "4.8.9032.0");
    EXPECT_EQ(trace.header.host, "their-host");
    ASSERT_EQ(trace.calls.size(), 5u);
    EXPECT_EQ(trace.calls[0].call, HostCall::CallNeedsHostHook);
    EXPECT_EQ(trace.calls[0].target, 0x1000u);
    EXPECT_EQ(trace.calls[0].hook, true);
    EXPECT_EQ(trace.calls[1].call, HostCall::LeaveRuntime);
    EXPECT_EQ(trace.calls[1].tid, static_cast<std::int64_t>(current_thread_id()));
    EXPECT_EQ(trace.calls[3].hr, E_FAIL);
    EXPECT_EQ(trace.calls[4].event, trace::ThreadEvent::ThreadEnded);
    EXPECT_EQ(trace.calls[4].tid, 4242);
}

TEST_F(EmbedTest, TheHeaderNamesTheDriverGiven)
{
    auto options = this->options();
    options.driver = "coreclr";
    ASSERT_THAT(Hr(start(options)), IsHresult(S_OK)) << clrhost_embed_last_error();
    ASSERT_THAT(Hr(clrhost_embed_finish(session_)), IsHresult(S_OK));
    EXPECT_EQ(trace::read_trace_file(path_).header.driver, "coreclr");
}

TEST_F(EmbedTest, AfterFinishCallsStillReachTheHostUnrecorded)
{
    ASSERT_THAT(Hr(start(options())), IsHresult(S_OK));
    const auto recorder = this->recorder();
    EXPECT_THAT(Hr(recorder->LeaveRuntime(0x1000)), IsHresult(S_OK));
    ASSERT_THAT(Hr(clrhost_embed_finish(session_)), IsHresult(S_OK));
    EXPECT_THAT(Hr(recorder->EnterRuntime()), IsHresult(S_OK)); // the runtime kept calling
    EXPECT_TRUE(host_->open_layers().empty());
    EXPECT_EQ(trace::read_trace_file(path_).calls.size(), 1u);
    EXPECT_THAT(Hr(clrhost_embed_finish(session_)), IsHresult(S_OK)); // again: nothing to do
    ComPtr<IHostTaskManager> late;
    EXPECT_THAT(Hr(clrhost_embed_task_manager(session_, late.put())), IsHresult(E_UNEXPECTED));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("start a new one"));
    clrhost_embed_close(session_); // the recorder is still held: what it records into stays
    session_ = nullptr;
    EXPECT_THAT(Hr(recorder->LeaveRuntime(0x1000)), IsHresult(S_OK));
}

TEST_F(EmbedTest, AnUnfinishedSessionLeavesEveryCallReadable)
{
    ASSERT_THAT(Hr(start(options())), IsHresult(S_OK));
    EXPECT_THAT(Hr(recorder()->LeaveRuntime(0x1000)), IsHresult(S_OK));
    clrhost_embed_close(session_); // as if the process had died before finishing
    session_ = nullptr;
    EXPECT_EQ(trace::read_trace_file(path_).calls.size(), 1u);
}

TEST_F(EmbedTest, NullOptionsAreRefused)
{
    session_ = reinterpret_cast<clrhost_embed_session*>(this); // start must clear it
    EXPECT_THAT(Hr(clrhost_embed_start(nullptr, host_.get(), &session_)), IsHresult(E_POINTER));
    EXPECT_EQ(session_, nullptr);
    EXPECT_THAT(clrhost_embed_last_error(),
                one_line_naming("options is null: pass a clrhost_embed_options"));
}

TEST_F(EmbedTest, AWrongStructSizeIsRefused)
{
    auto options = this->options();
    options.struct_size = 8;
    EXPECT_THAT(Hr(start(options)), IsHresult(E_INVALIDARG));
    EXPECT_EQ(session_, nullptr);
    EXPECT_THAT(clrhost_embed_last_error(),
                one_line_naming("options.struct_size is 8, less than the"));
    EXPECT_THAT(clrhost_embed_last_error(), HasSubstr("set it to sizeof(clrhost_embed_options)"));
    EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(EmbedTest, AnotherAbiVersionIsRefused)
{
    auto options = this->options();
    options.abi_version = 2;
    EXPECT_THAT(Hr(start(options)), IsHresult(E_INVALIDARG));
    EXPECT_THAT(clrhost_embed_last_error(),
                one_line_naming("options.abi_version is 2, this library speaks version 1"));
}

TEST_F(EmbedTest, AnUnknownDriverIsRefused)
{
    auto options = this->options();
    options.driver = "dotnet";
    EXPECT_THAT(Hr(start(options)), IsHresult(E_INVALIDARG));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("options.driver is \"dotnet\": give"));
}

TEST_F(EmbedTest, MissingArgumentsAreRefused)
{
    auto options = this->options();
    options.trace_path = nullptr;
    EXPECT_THAT(Hr(start(options)), IsHresult(E_INVALIDARG));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("options.trace_path is empty"));
    options = this->options();
    options.host_name = "";
    EXPECT_THAT(Hr(start(options)), IsHresult(E_INVALIDARG));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("options.host_name is empty"));
    options = this->options();
    EXPECT_THAT(Hr(clrhost_embed_start(&options, nullptr, &session_)), IsHresult(E_POINTER));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("host is null"));
    EXPECT_THAT(Hr(clrhost_embed_start(&options, host_.get(), nullptr)), IsHresult(E_POINTER));
    EXPECT_THAT(clrhost_embed_last_error(), one_line_naming("session is null"));
    ComPtr<IHostTaskManager> recorder;
    EXPECT_THAT(Hr(clrhost_embed_task_manager(nullptr, recorder.put())), IsHresult(E_POINTER));
    EXPECT_THAT(Hr(clrhost_embed_thread_ended(nullptr, 1)), IsHresult(E_POINTER));
    EXPECT_THAT(Hr(clrhost_embed_finish(nullptr)), IsHresult(E_POINTER));
    EXPECT_THAT(clrhost_embed_last_error(),
                one_line_naming("clrhost_embed_finish: session is null"));
    clrhost_embed_close(nullptr);
}

TEST_F(EmbedTest, AnUnwritableTracePathIsRefusedWithTheFix)
{
    const auto unwritable = (std::filesystem::path(path_) / "in-a-file" / "trace.jsonl").string();
    {
        std::ofstream file(path_); // a file where a folder would have to be
    }
    auto options = this->options();
    options.trace_path = unwritable.c_str();
    EXPECT_THAT(Hr(start(options)), IsHresult(E_FAIL));
    EXPECT_EQ(session_, nullptr);
    EXPECT_THAT(clrhost_embed_last_error(),
                one_line_naming("clrhost_embed_start: cannot write trace"));
    EXPECT_THAT(clrhost_embed_last_error(), HasSubstr("choose a writable options.trace_path"));
    EXPECT_THAT(clrhost_embed_last_error(), Not(HasSubstr("--trace")));
}

TEST_F(EmbedTest, ASuccessClearsTheLastError)
{
    EXPECT_THAT(Hr(clrhost_embed_finish(nullptr)), IsHresult(E_POINTER));
    ASSERT_THAT(Hr(start(options())), IsHresult(S_OK));
    EXPECT_STREQ(clrhost_embed_last_error(), "");
}

} // namespace
