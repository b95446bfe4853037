// The exerciser against the reference host on 4 threads (docs/PLUGIN.md, "The exerciser"):
// host calls per second, the whole exerciser included (generation, records, judging). The aim:
// 10^6 calls in under 5 s on a 2-core machine.
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/exerciser/exerciser.h"

#include <benchmark/benchmark.h>

namespace {

void BM_ExerciseReferenceHost(benchmark::State& state)
{
    const clrhost::driver::HostPluginLibrary plugin(CLRHOST_REFERENCE_PLUGIN);
    clrhost::exerciser::ExerciseOptions options;
    options.threads = 4;
    options.walks = static_cast<unsigned>(state.range(0));
    std::uint64_t calls = 0;
    for (auto _ : state) {
        const auto result =
            clrhost::exerciser::exercise([&] { return plugin.create_task_manager(); }, options);
        calls += result.calls;
        ++options.seed;
    }
    state.counters["calls"] = benchmark::Counter(double(calls), benchmark::Counter::kAvgIterations);
    state.counters["calls/s"] = benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExerciseReferenceHost)->Arg(400)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
