// The recorder and the recording without the runtime (docs/PERFORMANCE.md), with Google
// Benchmark: what one recorded call costs, on 1 and 4 threads, and the pieces of it.
//
//   BM_FormatCall                  format_call of one call (the line, as the reader reads it)
//   BM_RecordingRecord/threads:N   TraceRecording::record of one call with the driver's site
//   BM_ExportRecording             a recording of 100,000 calls exported into its trace
//   BM_RecorderPInvoke/threads:N   Recorder + reference host: CallNeedsHostHook, LeaveRuntime,
//                                  EnterRuntime with a call site (one P/Invoke round trip)
//   BM_RecorderReverse/threads:N   ReverseEnterRuntime, ReverseLeaveRuntime (a reverse round trip)
//   BM_ReferenceHostPInvoke/...    the reference host alone, for the difference
#include "conformance/trace/recording_reader.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/reference-host/reference_host.h"

#include "conformance/trace/trace_format.h"
#include <clrhost/hresult.h>

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace {

using namespace clrhost;

TransitionSite pinvoke_site()
{
    TransitionSite site;
    site.target = 0x7f9f73d40010;
    site.symbol = "bench_noop";
    site.library = "libbenchloops_native.so";
    site.method = "BenchLoops.Program.bench_noop";
    site.assembly = "BenchLoopsCs";
    site.id = 1; // as the bridge's resolved sites have
    return site;
}

TransitionSite callback_site()
{
    TransitionSite site;
    site.method = "BenchLoops.Program.Callback";
    site.assembly = "BenchLoopsCs";
    site.id = 2;
    return site;
}

trace::TraceCall sample_call()
{
    trace::TraceCall call;
    call.seq = 123456;
    call.tid = 4242;
    call.call = HostCall::LeaveRuntime;
    call.target = 0x7f9f73d40010;
    call.symbol = "bench_noop";
    call.library = "libbenchloops_native.so";
    call.method = "BenchLoops.Program.bench_noop";
    call.assembly = "BenchLoopsCs";
    call.host_layers = std::string(1, 'U'); // (a literal trips GCC 12's -Wrestrict)
    return call;
}

std::string trace_path()
{
    std::string name = "clrhost-recorder-bench-";
    name += std::to_string(::getpid());
    name += ".jsonl";
    return (std::filesystem::temp_directory_path() / name).string();
}

// One recording and recorder per benchmark run, made by thread 0 before the timed loop (Google
// Benchmark starts every thread's loop together, after this) and dropped after it.
struct Shared {
    std::unique_ptr<trace::TraceRecording> recording;
    ComPtr<layers::Recorder> recorder;
    ComPtr<reference::ReferenceHost> host;
};
Shared g_shared;

void set_up(const benchmark::State& state)
{
    g_shared.recording = std::make_unique<trace::TraceRecording>(
        trace_path(), trace::TraceHeader{"replay", "", "reference"});
    g_shared.host = make_com<reference::ReferenceHost>();
    g_shared.recorder = make_com<layers::Recorder>(
        ComPtr<IHostTaskManager>::share(g_shared.host.get()), *g_shared.recording);
}

void tear_down(const benchmark::State& state)
{
    g_shared.recorder.reset();
    g_shared.host.reset();
    g_shared.recording.reset();
    std::filesystem::remove(trace_path());
    std::filesystem::remove(trace::recording_path(trace_path()));
}

void BM_FormatCall(benchmark::State& state)
{
    const auto call = sample_call();
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto line = trace::format_call(call);
        bytes += line.size();
        benchmark::DoNotOptimize(line);
    }
    state.counters["bytes_per_call"] = static_cast<double>(bytes) / state.iterations();
}
BENCHMARK(BM_FormatCall);

void BM_RecordingRecord(benchmark::State& state)
{
    const auto site = pinvoke_site();
    const trace::RecordedCall call{HostCall::LeaveRuntime,    S_OK,  &site,
                                   trace::HookAnswer::Absent, false, "U"};
    for (auto _ : state)
        g_shared.recording->record(call);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordingRecord)
    ->Setup(set_up)
    ->Teardown(tear_down)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

// What finish() (or the first reader after a crash) pays per call: read, merge, format, write.
void BM_ExportRecording(benchmark::State& state)
{
    constexpr int kRoundTrips = 100000 / 3;
    const auto site = pinvoke_site();
    for (int i = 0; i < kRoundTrips; ++i) {
        BOOL hook = FALSE_;
        g_shared.recorder->CallNeedsHostHookAt(site, &hook);
        g_shared.recorder->LeaveRuntimeAt(site);
        g_shared.recorder->EnterRuntimeAt(site);
    }
    const auto recording = trace::recording_path(trace_path());
    const platform::File file(recording, platform::File::Mode::Read);
    const auto exported = trace_path() + ".exported";
    std::uint64_t calls = 0;
    for (auto _ : state)
        calls += trace::export_recording(file, recording, exported).calls;
    std::filesystem::remove(exported);
    state.SetItemsProcessed(static_cast<std::int64_t>(calls));
}
BENCHMARK(BM_ExportRecording)->Setup(set_up)->Teardown(tear_down)->UseRealTime();

void BM_RecorderPInvoke(benchmark::State& state)
{
    const auto site = pinvoke_site();
    auto& recorder = *g_shared.recorder;
    for (auto _ : state) {
        BOOL hook = FALSE_;
        recorder.CallNeedsHostHookAt(site, &hook);
        recorder.LeaveRuntimeAt(site);
        recorder.EnterRuntimeAt(site);
    }
    state.SetItemsProcessed(state.iterations() * 3); // recorded calls
}
BENCHMARK(BM_RecorderPInvoke)
    ->Setup(set_up)
    ->Teardown(tear_down)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

void BM_RecorderReverse(benchmark::State& state)
{
    const auto site = callback_site();
    auto& recorder = *g_shared.recorder;
    for (auto _ : state) {
        recorder.ReverseEnterRuntimeAt(site);
        recorder.ReverseLeaveRuntimeAt(site);
    }
    state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_RecorderReverse)
    ->Setup(set_up)
    ->Teardown(tear_down)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

void BM_ReferenceHostPInvoke(benchmark::State& state)
{
    auto& host = *g_shared.host;
    for (auto _ : state) {
        BOOL hook = FALSE_;
        host.CallNeedsHostHook(0x7f9f73d40010, &hook);
        host.LeaveRuntime(0x7f9f73d40010);
        HostLayer layers[8];
        ULONG count = 0;
        host.GetCurrentThreadLayers(layers, 8, &count); // as the recorder asks after each call
        host.EnterRuntime();
    }
    state.SetItemsProcessed(state.iterations() * 3);
}
BENCHMARK(BM_ReferenceHostPInvoke)
    ->Setup(set_up)
    ->Teardown(tear_down)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
