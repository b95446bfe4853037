// The recording: what is recorded reads back unchanged and exports to the very lines the
// formatter writes, a live recording is never taken for a dead one, and damage is reported with
// the calls before it kept. (A process that dies: trace_recording_death_test.cpp.)
#include "conformance/platform/thread_id.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/tests/support/trace_recording_fixture.h"
#include "conformance/trace/recording_format.h"
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_input.h"
#include "conformance/trace/trace_recording.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace {

using namespace clrhost;
using namespace clrhost::trace;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;

// A call as the recorder hands it over, with the site's strings kept alive beside it.
struct SampleCall {
    TraceCall expected;
    TransitionSite site;
    HookAnswer hook = HookAnswer::Absent;

    RecordedCall recorded() const
    {
        RecordedCall call;
        call.call = expected.call;
        call.hr = expected.hr;
        call.site = expected.call == HostCall::GetCurrentTask ? nullptr : &site;
        call.hook = hook;
        call.skipped = expected.skipped;
        if (expected.host_layers)
            call.host_layers = *expected.host_layers;
        return call;
    }
};

const char* c_str(const std::optional<std::string>& text)
{
    return text ? text->c_str() : nullptr;
}

// Random calls: every kind, HRESULT, hook answer and flag; strings of any byte but NUL (they
// come from C strings); host layers that grow, shrink, stay and jump, so that every way the
// recording stores them is taken.
std::vector<SampleCall> random_calls(int count, std::uint64_t seed)
{
    std::mt19937_64 next(seed); // the same calls on every machine
    auto text = [&]() -> std::optional<std::string> {
        if (next() % 4 == 0)
            return std::nullopt;
        std::string value;
        const auto length = next() % 30;
        for (std::uint64_t i = 0; i < length; ++i)
            value += next() % 3 ? static_cast<char>(1 + next() % 255)
                                : "aZ09._+|<>\"\\\x7f\x01\t\n\xc3\xa9"[next() % 18];
        return value;
    };
    std::vector<SampleCall> calls(static_cast<std::size_t>(count));
    std::string layers;
    for (auto& sample : calls) {
        auto& call = sample.expected;
        call.tid = current_thread_id();
        call.call = static_cast<HostCall>(next() % 6);
        call.hr = next() % 2 ? S_OK : static_cast<HRESULT>(next());
        call.skipped = next() % 5 == 0;
        if (call.call == HostCall::CallNeedsHostHook) {
            const auto answer = next() % 3;
            sample.hook = answer == 0   ? HookAnswer::Unwritten
                          : answer == 1 ? HookAnswer::True
                                        : HookAnswer::False;
            if (answer)
                call.hook = answer == 1;
        }
        if (call.call != HostCall::GetCurrentTask) {
            if (next() % 4)
                call.target = next() >> (next() % 64);
            call.symbol = text();
            call.library = text();
            call.method = text();
            call.assembly = text();
            call.note = text();
            call.framework = next() % 2;
            if (call.target == 0u)
                call.target.reset(); // 0 is "unknown" in a site
        }
        switch (next() % 8) {
        case 0:
            break; // no layers on this call
        case 6:
            layers += kUnknownLayer; // what a broken host's introspection gives
            call.host_layers = layers;
            break;
        case 7:
            call.host_layers = std::string(kNoLayersAnswer);
            break;
        case 1:
            layers += 'U';
            call.host_layers = layers;
            break;
        case 2:
            layers += 'M';
            call.host_layers = layers;
            break;
        case 3:
            if (!layers.empty())
                layers.pop_back();
            call.host_layers = layers;
            break;
        case 4:
            call.host_layers = layers;
            break;
        default:
            layers = std::string(next() % 9, 'M') + std::string(next() % 3, 'U');
            call.host_layers = layers;
        }
        sample.site.target = call.target.value_or(0);
        sample.site.symbol = c_str(call.symbol);
        sample.site.library = c_str(call.library);
        sample.site.method = c_str(call.method);
        sample.site.assembly = c_str(call.assembly);
        sample.site.target_note = c_str(call.note);
        sample.site.framework = call.framework;
    }
    return calls;
}

// With the suite's block size, and with the smallest, where records often reach a block's end
// and the larger ones span blocks.
void expect_export_matches_the_formatter(const std::string& path_, std::uint32_t block_size)
{
    const auto calls = random_calls(5000, 0x9E3779B97F4A7C15ULL ^ block_size);
    {
        TraceRecording recording(path_, {"coreclr", "10.0.12", "reference"}, block_size);
        for (const auto& call : calls)
            recording.record(call.recorded());
        EXPECT_EQ(recording.calls_recorded(), calls.size());
        EXPECT_EQ(recording.finish(), calls.size());
    }
    EXPECT_FALSE(std::filesystem::exists(recording_path(path_))) << "an exported recording stays";
    std::ifstream in(path_);
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    EXPECT_EQ(line, format_header({"coreclr", "10.0.12", "reference"}));
    for (std::size_t i = 0; i < calls.size(); ++i) {
        auto expected = calls[i].expected;
        expected.seq = i;
        ASSERT_TRUE(std::getline(in, line)) << "call " << i << " is missing";
        ASSERT_EQ(line, format_call(expected)) << "call " << i;
    }
    EXPECT_FALSE(std::getline(in, line)) << "a call the recording never had";
}

TEST_F(TraceRecordingTest, RecordedCallsExportToTheFormattersLines)
{
    expect_export_matches_the_formatter(path_, recording::kBlockSize);
}
TEST_F(TraceRecordingTest, RecordedCallsExportToTheFormattersLinesInSmallBlocks)
{
    expect_export_matches_the_formatter(path_, recording::kSmallestBlock);
}

// The driver's sites go by their id alone; a site without one by its content.
TEST_F(TraceRecordingTest, SitesAreKnownByIdOrByContent)
{
    TransitionSite first{0x10, "a", "liba.so", "A.a", "A", nullptr, false, 7};
    TransitionSite second{0x20, "b", "libb.so", "B.b", "B", nullptr, true, 8};
    TransitionSite plain{0x30, "c", nullptr, nullptr, nullptr, "no id", false, 0};
    TraceRecording recording(path_, {"coreclr", "", "reference"});
    for (int i = 0; i < 3; ++i)
        for (const auto* site : {&first, &second, &plain})
            recording.record(call_of(HostCall::LeaveRuntime, S_OK, site));
    plain.symbol = "changed"; // same address, other content: another site
    recording.record(call_of(HostCall::LeaveRuntime, S_OK, &plain));
    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 10u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(trace.calls[3 * i].symbol, "a");
        EXPECT_EQ(trace.calls[3 * i + 1].library, "libb.so");
        EXPECT_TRUE(trace.calls[3 * i + 1].framework);
        EXPECT_EQ(trace.calls[3 * i + 2].note, "no id");
    }
    EXPECT_EQ(trace.calls[9].symbol, "changed");
    EXPECT_EQ(trace.calls[9].target, 0x30u);
}

// A thread's end is recorded by whichever thread learns of it, about the thread that ended; it
// is exported as an event line, and the call count leaves it out.
TEST_F(TraceRecordingTest, ThreadEventsNameTheirThreadAndAreNoCalls)
{
    TransitionSite unknown{
        0,     nullptr, nullptr, "System.Action.Invoke", "System.Private.CoreLib", "delegate",
        false, 0,       true};
    TraceRecording recording(path_, {"coreclr", "", "reference", true});
    recording.record(call_of(HostCall::LeaveRuntime, S_OK, &unknown));
    recording.record_event(ThreadEvent::ThreadEnded, 4242);
    recording.record_event(ThreadEvent::RunEnded, 17);
    EXPECT_EQ(recording.calls_recorded(), 1u);
    EXPECT_EQ(recording.finish(), 1u);
    const auto trace = read_trace_file(path_);
    EXPECT_TRUE(trace.header.thread_ends);
    ASSERT_EQ(trace.calls.size(), 3u);
    EXPECT_TRUE(trace.calls[0].origin_unknown);
    EXPECT_FALSE(trace.calls[0].framework);
    EXPECT_EQ(trace.calls[1].event, ThreadEvent::ThreadEnded);
    EXPECT_EQ(trace.calls[1].tid, 4242);
    EXPECT_EQ(trace.calls[2].event, ThreadEvent::RunEnded);
    EXPECT_EQ(trace.calls[2].tid, 17);
}

// A host nested deeper than a block holds: the record spans blocks of its own.
TEST_F(TraceRecordingTest, LayersLargerThanABlockSpanBlocks)
{
    const std::string deep(3 * recording::kSmallestBlock + 100, 'U');
    TraceRecording recording(path_, {"coreclr", "", "reference"}, recording::kSmallestBlock);
    for (const std::string_view layers :
         {std::string_view("U"), std::string_view(deep), std::string_view("UM")}) {
        auto call = call_of(HostCall::EnterRuntime);
        call.host_layers = layers;
        recording.record(call);
    }
    recording.finish();
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 3u);
    EXPECT_EQ(trace.calls[1].host_layers, deep);
    EXPECT_EQ(trace.calls[2].host_layers, "UM");
}

// The file grows ahead of the calls, but in proportion: a scenario's short run does not leave a
// recording of tens of megabytes behind when its process dies.
TEST_F(TraceRecordingTest, AShortRecordingStaysSmall)
{
    TraceRecording recording(path_, {"coreclr", "", "reference"});
    for (int i = 0; i < 100; ++i)
        recording.record(call_of(HostCall::LeaveRuntime));
    EXPECT_LE(std::filesystem::file_size(recording_path(path_)), std::uintmax_t{1} << 20);
}

// Thousands of threads that make a call each (a thread pool's churn) cost a page each, not a
// busy thread's claim; the blocks of growing spans a busy thread then claims export whole.
TEST_F(TraceRecordingTest, AShortLivedThreadCostsAPage)
{
    constexpr int kThreads = 2000;
    constexpr int kBusyCalls = 100'000;
    TraceRecording recording(path_, {"coreclr", "", "reference"});
    for (int t = 0; t < kThreads; ++t)
        std::thread([&] { recording.record(call_of(HostCall::LeaveRuntime)); }).join();
    EXPECT_LE(recording.bytes_recorded(),
              recording::kFirstBlockOffset + std::uint64_t{kThreads} * recording::kBlockSize);
    for (int i = 0; i < kBusyCalls; ++i)
        recording.record(call_of(HostCall::LeaveRuntime));
    recording.finish();
    EXPECT_EQ(read_trace_file(path_).calls.size(), std::size_t{kThreads} + kBusyCalls);
}

TEST_F(TraceRecordingTest, UnwritablePathIsRefusedWithTheFix)
{
    try {
        TraceRecording recording("/nonexistent-dir/trace.jsonl", {"coreclr", "", "reference"});
        FAIL() << "an unwritable trace path was accepted";
    } catch (const TraceWriteError& error) {
        EXPECT_NE(std::string(error.what()).find("choose a writable --trace path"),
                  std::string::npos)
            << error.what();
    }
}

// A second recording of the same trace path while the first is live: refused, and the first's
// calls untouched.
TEST_F(TraceRecordingTest, ASecondRecordingOfTheSamePathIsRefused)
{
    TraceRecording first(path_, {"coreclr", "", "reference"});
    first.record(call_of(HostCall::LeaveRuntime));
    try {
        TraceRecording second(path_, {"coreclr", "", "other"});
        FAIL() << "two recordings of one trace at once";
    } catch (const TraceWriteError& error) {
        EXPECT_NE(std::string(error.what()).find("another process is recording it"),
                  std::string::npos)
            << error.what();
    }
    first.record(call_of(HostCall::EnterRuntime));
    EXPECT_EQ(first.finish(), 2u);
    EXPECT_EQ(read_trace_file(path_).header.host, "reference");
}

TEST_F(TraceRecordingTest, ALiveRecordingIsNotTakenForADeadOne)
{
    TraceRecording recording(path_, {"coreclr", "", "reference"});
    recording.record(call_of(HostCall::LeaveRuntime));
    try {
        open_trace(path_);
        FAIL() << "a recording still being written was read";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("is still being recorded"), std::string::npos)
            << error.what();
    }
    EXPECT_TRUE(std::filesystem::exists(recording_path(path_)));
}

// What a process that died in the middle of a record leaves: that record's first word unwritten.
// The record and what would follow it are not there; every call before it is.
TEST_F(TraceRecordingTest, ARecordCutShortEndsItsThread)
{
    {
        TraceRecording recording(path_, {"coreclr", "", "reference"});
        for (int i = 0; i < 10; ++i)
            recording.record(call_of(HostCall::LeaveRuntime, static_cast<HRESULT>(i)));
        // No finish(): as if it died here.
    }
    {
        std::fstream file(recording_path(path_), std::ios::in | std::ios::out | std::ios::binary);
        // The block's sixth record: 16 bytes each, plus an HRESULT word when not S_OK.
        const auto sixth =
            recording::kFirstBlockOffset + sizeof(recording::BlockHeader) + 16 + 4 * 24;
        file.seekp(static_cast<std::streamoff>(sixth));
        const std::uint64_t zero = 0;
        file.write(reinterpret_cast<const char*>(&zero), sizeof zero);
    }
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), 5u);
    EXPECT_THAT(Hr(trace.calls[4].hr), IsHresult(4));
}

TEST_F(TraceRecordingTest, DamageIsReportedAndTheCallsBeforeItKept)
{
    {
        TraceRecording recording(path_, {"coreclr", "", "reference"});
        for (int i = 0; i < 10; ++i)
            recording.record(call_of(HostCall::LeaveRuntime));
    }
    {
        std::fstream file(recording_path(path_), std::ios::in | std::ios::out | std::ios::binary);
        const auto fourth = recording::kFirstBlockOffset + sizeof(recording::BlockHeader) + 3 * 16;
        file.seekp(static_cast<std::streamoff>(fourth));
        const std::uint64_t garbage = 0x0BADC0DE0BADC0DEULL;
        file.write(reinterpret_cast<const char*>(&garbage), sizeof garbage);
    }
    try {
        read_trace_file(path_);
        FAIL() << "a damaged recording was read as whole";
    } catch (const std::runtime_error& error) {
        const std::string what = error.what();
        EXPECT_NE(what.find("is damaged at byte"), std::string::npos) << what;
        EXPECT_NE(what.find("holds the 3 calls before the damage"), std::string::npos) << what;
    }
    EXPECT_TRUE(std::filesystem::exists(recording_path(path_))) << "the evidence must stay";
    std::filesystem::remove(recording_path(path_));
    EXPECT_EQ(read_trace_file(path_).calls.size(), 3u);
}

TEST_F(TraceRecordingTest, NotARecordingIsRefused)
{
    std::ofstream(recording_path(path_)) << "{\"format\":\"clrhost-trace\"}\n";
    std::ofstream(path_) << "{}\n";
    try {
        read_trace_file(path_);
        FAIL() << "garbage was read as a recording";
    } catch (const std::exception& error) {
        EXPECT_NE(std::string(error.what()).find("shorter than a recording's header"),
                  std::string::npos)
            << error.what();
    }
}

} // namespace
