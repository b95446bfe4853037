// The transition bridge without the runtime (docs/PERFORMANCE.md), with Google Benchmark: the
// bridge library is loaded and driven the way CoreCLR drives it (DllGetClassObject, Initialize,
// then the two transition callbacks), with a stand-in ICorProfilerInfo, so the cost of its own
// callback code shows without the runtime's noise.
//
//   BM_Floor*       the floor profiler's empty callbacks: the call itself
//   BM_Bridge*      the bridge calling a host that only answers S_OK (its own cost)
//   BM_BridgeRef*   the bridge calling the reference host
//   *PInvoke        ManagedToUnmanaged(CALL) + UnmanagedToManaged(RETURN): one P/Invoke round trip
//   *Reverse        UnmanagedToManaged(CALL) + ManagedToUnmanaged(RETURN): one reverse round trip
//
//   clrhost_bench_bridge [--bridge=PATH] [Google Benchmark flags]
#include "fixtures/bridge/bridge_api.h"
#include "fixtures/bridge/profiling_abi.h"
#include "fixtures/floor-profiler/floor_profiler.h"
#include "fixtures/profiler-harness/answering_host.h"
#include "fixtures/profiler-harness/profiler_harness.h"
#include "fixtures/reference-host/reference_host.h"

#include "conformance/protocol/transition_site.h"
#include <clrhost/com_ptr.h>
#include <clrhost/hresult.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

namespace {

using namespace clrhost;
using namespace clrhost::prof;

std::unique_ptr<harness::ProfilerLibrary> g_floor;
std::unique_ptr<harness::ProfilerLibrary> g_bridge;
harness::AnsweringHost g_null_host; // what is left behind it is the bridge
ComPtr<reference::ReferenceHost> g_reference_host;

void install(IHostTaskManager* host)
{
    auto uninstall =
        reinterpret_cast<clrhost_bridge_uninstall_fn>(g_bridge->symbol(CLRHOST_BRIDGE_UNINSTALL));
    auto install_fn =
        reinterpret_cast<clrhost_bridge_install_fn>(g_bridge->symbol(CLRHOST_BRIDGE_INSTALL));
    uninstall();
    const clrhost_bridge_config config{sizeof(clrhost_bridge_config), "/nonexistent", nullptr,
                                       nullptr};
    install_fn(host, &config);
}

constexpr FunctionID kPInvoke = 0x7f0000001000;
constexpr FunctionID kCallback = 0x7f0000002000;

void pinvoke_round_trips(benchmark::State& state, ICorProfilerCallback11* profiler)
{
    for (auto _ : state) {
        profiler->ManagedToUnmanagedTransition(kPInvoke, COR_PRF_TRANSITION_CALL);
        profiler->UnmanagedToManagedTransition(kPInvoke, COR_PRF_TRANSITION_RETURN);
    }
    state.SetItemsProcessed(state.iterations());
}

void reverse_round_trips(benchmark::State& state, ICorProfilerCallback11* profiler)
{
    for (auto _ : state) {
        profiler->UnmanagedToManagedTransition(kCallback, COR_PRF_TRANSITION_CALL);
        profiler->ManagedToUnmanagedTransition(kCallback, COR_PRF_TRANSITION_RETURN);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_FloorPInvoke(benchmark::State& state)
{
    pinvoke_round_trips(state, &g_floor->profiler());
}
void BM_FloorReverse(benchmark::State& state)
{
    reverse_round_trips(state, &g_floor->profiler());
}
BENCHMARK(BM_FloorPInvoke)->Threads(1)->Threads(4);
BENCHMARK(BM_FloorReverse)->Threads(1)->Threads(4);

void null_host(const benchmark::State&)
{
    install(&g_null_host);
}
void reference_host(const benchmark::State&)
{
    g_reference_host = make_com<reference::ReferenceHost>();
    install(g_reference_host.get());
}

void BM_BridgePInvoke(benchmark::State& state)
{
    pinvoke_round_trips(state, &g_bridge->profiler());
}
void BM_BridgeReverse(benchmark::State& state)
{
    reverse_round_trips(state, &g_bridge->profiler());
}
BENCHMARK(BM_BridgePInvoke)->Setup(null_host)->Threads(1)->Threads(4);
BENCHMARK(BM_BridgeReverse)->Setup(null_host)->Threads(1)->Threads(4);

void BM_BridgeRefPInvoke(benchmark::State& state)
{
    pinvoke_round_trips(state, &g_bridge->profiler());
}
void BM_BridgeRefReverse(benchmark::State& state)
{
    reverse_round_trips(state, &g_bridge->profiler());
}
BENCHMARK(BM_BridgeRefPInvoke)->Setup(reference_host)->Threads(1)->Threads(4);
BENCHMARK(BM_BridgeRefReverse)->Setup(reference_host)->Threads(1)->Threads(4);

} // namespace

int main(int argc, char** argv)
{
    const auto bin = std::filesystem::read_symlink("/proc/self/exe").parent_path();
    std::string bridge_path = (bin / "libclrhost_bridge.so").string();
    std::string floor_path = (bin / "libclrhost_floor_profiler.so").string();
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--bridge=", 9) == 0)
            bridge_path = argv[i] + 9;
        else if (std::strncmp(argv[i], "--floor=", 8) == 0)
            floor_path = argv[i] + 8;
        else
            continue;
        for (int j = i; j + 1 < argc; ++j)
            argv[j] = argv[j + 1];
        --argc;
        --i;
    }
    try {
        g_floor =
            std::make_unique<harness::ProfilerLibrary>(floor_path, CLRHOST_FLOOR_PROFILER_CLSID);
        g_bridge = std::make_unique<harness::ProfilerLibrary>(bridge_path, CLRHOST_BRIDGE_CLSID);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "clrhost_bench_bridge: %s\n", error.what());
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
