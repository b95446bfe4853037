// A process records calls on two threads and then dies without any clean-up (SIGABRT, SIGKILL):
// the first reader of its trace finds every call it recorded. POSIX only (fork): the Windows
// build does not run it (docs/WINDOWS.md).
#include "conformance/tests/support/trace_recording_fixture.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_input.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace clrhost;
using namespace clrhost::trace;

// The first reader of the trace exports the calls, and the recording goes.
void expect_calls_survive(const std::string& path, int how_it_dies)
{
    constexpr int kCalls = 5000;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        TraceRecording recording(path, {"coreclr", "", "reference"});
        TransitionSite site{0x1234, "first_unmanaged", "libdoctable_native.so"};
        std::thread other([&] {
            for (int i = 0; i < kCalls / 2; ++i)
                recording.record(call_of(HostCall::LeaveRuntime, S_OK, &site));
        });
        for (int i = 0; i < kCalls / 2; ++i)
            recording.record(call_of(HostCall::EnterRuntime, HOST_E_TIMEOUT, &site));
        other.join();
        ::raise(how_it_dies);
        ::_exit(0); // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), how_it_dies);
    ASSERT_TRUE(std::filesystem::exists(recording_path(path)));
    const auto trace = read_trace_file(path);
    ASSERT_EQ(trace.calls.size(), static_cast<std::size_t>(kCalls));
    for (std::size_t i = 0; i < trace.calls.size(); ++i) {
        EXPECT_EQ(trace.calls[i].seq, i);
        EXPECT_EQ(trace.calls[i].symbol, "first_unmanaged");
    }
    EXPECT_FALSE(std::filesystem::exists(recording_path(path)));
    EXPECT_EQ(read_trace_file(path).calls.size(), static_cast<std::size_t>(kCalls))
        << "the exported trace reads the same";
}

TEST_F(TraceRecordingTest, CallsSurviveAbort)
{
    expect_calls_survive(path_, SIGABRT);
}
TEST_F(TraceRecordingTest, CallsSurviveSigkill)
{
    expect_calls_survive(path_, SIGKILL);
}

} // namespace
