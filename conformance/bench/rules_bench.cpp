// Rules engine throughput on a synthetic trace (docs/PERFORMANCE.md), with Google Benchmark:
//
//   BM_RulesStreaming/10000000   the engine over 10 million calls, generated in memory and fed
//                                one at a time (the way `check` streams a file); calls/s
//   BM_TraceReader               the trace reader over JSON lines (what `check` pays per line
//                                before the rules see the call)
//
// And, outside Google Benchmark, the memory of streaming mode:
//
//   clrhost_bench_rules --memory-calls=N   streams N calls and prints the engine's peak heap
//                                          and the process's max RSS as JSON
//
// Run it for 1M and 10M calls in separate processes: streaming memory must not grow with N.
#include "conformance/bench/synthetic_trace.h"
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <new>
#include <sstream>
#include <string>
#include <sys/resource.h>

// ---------------------------------------------------------------------------------------------
// Heap accounting for this binary: every operator new/delete, current and peak bytes.
namespace {
std::atomic<std::int64_t> g_heap_now{0};
std::atomic<std::int64_t> g_heap_peak{0};

void* counted_alloc(std::size_t size, std::size_t alignment = 0)
{
    void* p = alignment > alignof(std::max_align_t)
                  ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                  : std::malloc(size ? size : 1);
    if (!p)
        throw std::bad_alloc();
    const auto now = g_heap_now.fetch_add(static_cast<std::int64_t>(::malloc_usable_size(p)),
                                          std::memory_order_relaxed) +
                     static_cast<std::int64_t>(::malloc_usable_size(p));
    auto peak = g_heap_peak.load(std::memory_order_relaxed);
    while (now > peak && !g_heap_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
    return p;
}
void counted_free(void* p) noexcept
{
    if (!p)
        return;
    g_heap_now.fetch_sub(static_cast<std::int64_t>(::malloc_usable_size(p)),
                         std::memory_order_relaxed);
    std::free(p);
}
} // namespace

void* operator new(std::size_t size)
{
    return counted_alloc(size);
}
void* operator new[](std::size_t size)
{
    return counted_alloc(size);
}
void* operator new(std::size_t size, std::align_val_t a)
{
    return counted_alloc(size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a)
{
    return counted_alloc(size, static_cast<std::size_t>(a));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted_alloc(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted_alloc(size);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* p) noexcept
{
    counted_free(p);
}
void operator delete[](void* p) noexcept
{
    counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    counted_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    counted_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    counted_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    counted_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    counted_free(p);
}

namespace {

using namespace clrhost;

// Small enough to stay in the cache, as the one call a streaming reader has just parsed does: the
// engine's cost, not the memory's. (A 65536-call block, 17 MB of TraceCall, runs ~20% slower.)
std::vector<trace::TraceCall>& block()
{
    static auto calls = [] {
        bench::SyntheticOptions options;
        options.min_calls = 4096;
        return bench::synthetic_block(options);
    }();
    return calls;
}

// Feeds whole blocks until at least `calls` calls went through; returns how many did.
std::uint64_t stream(rules::RulesEngine& engine, std::uint64_t calls)
{
    auto& calls_block = block();
    std::uint64_t seq = 0;
    while (seq < calls)
        for (auto& call : calls_block) {
            call.seq = seq++;
            engine.check(call);
        }
    engine.finish();
    return seq;
}

void BM_RulesStreaming(benchmark::State& state)
{
    const auto wanted = static_cast<std::uint64_t>(state.range(0));
    block(); // generated outside the timing
    std::uint64_t checked = 0;
    for (auto _ : state) {
        rules::RulesEngine engine;
        checked += stream(engine, wanted);
        if (engine.violation_count() != 0) {
            state.SkipWithError(fmt::format("the synthetic trace broke {} rule(s): {}",
                                            engine.violation_count(),
                                            engine.violations().front().message)
                                    .c_str());
            break;
        }
        benchmark::DoNotOptimize(engine.calls_checked());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(checked));
    state.counters["calls_per_second"] =
        benchmark::Counter(static_cast<double>(checked), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RulesStreaming)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

// The same trace with a broken host: every 100th EnterRuntime of the block is dropped, so the
// engine reports, keeps context, and recovers (the cost of a failing run).
void BM_RulesStreamingWithViolations(benchmark::State& state)
{
    std::vector<trace::TraceCall> broken;
    std::size_t enters = 0;
    for (const auto& call : block())
        if (!(call.call == HostCall::EnterRuntime && ++enters % 100 == 0))
            broken.push_back(call);
    const auto wanted = static_cast<std::uint64_t>(state.range(0));
    std::uint64_t checked = 0, violations = 0;
    for (auto _ : state) {
        rules::RulesEngine engine;
        std::uint64_t seq = 0;
        while (seq < wanted)
            for (auto& call : broken) {
                call.seq = seq++;
                engine.check(call);
            }
        engine.finish();
        checked += seq;
        violations = engine.violation_count();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(checked));
    state.counters["calls_per_second"] =
        benchmark::Counter(static_cast<double>(checked), benchmark::Counter::kIsRate);
    state.counters["violations"] = static_cast<double>(violations);
}
BENCHMARK(BM_RulesStreamingWithViolations)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// JSON lines through TraceReader: the parse cost `check` pays per call before the rules.
void BM_TraceReader(benchmark::State& state)
{
    std::string text = trace::format_header({"coreclr", "10.0.12", "reference"}) + "\n";
    for (const auto& call : block())
        text += trace::format_call(call) + "\n";
    std::uint64_t lines = 0;
    for (auto _ : state) {
        std::istringstream in(text);
        trace::TraceReader reader(in);
        while (auto call = reader.next()) {
            benchmark::DoNotOptimize(call->seq);
            ++lines;
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(lines));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["calls_per_second"] =
        benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TraceReader)->Unit(benchmark::kMillisecond);

int memory_mode(std::uint64_t calls)
{
    block();
    const auto before = g_heap_now.load();
    g_heap_peak.store(before);
    std::uint64_t checked = 0, violations = 0;
    {
        rules::RulesEngine engine;
        checked = stream(engine, calls);
        violations = engine.violation_count();
    }
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    fmt::print("{{\"calls\":{},\"engine_heap_peak_bytes\":{},\"max_rss_kb\":{},"
               "\"block_calls\":{},\"violations\":{}}}\n",
               checked, g_heap_peak.load() - before, usage.ru_maxrss, block().size(), violations);
    return violations == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--memory-calls=", 15) == 0)
            return memory_mode(std::strtoull(argv[i] + 15, nullptr, 10));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
