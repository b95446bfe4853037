#include "conformance/bench/synthetic_trace.h"

#include <clrhost/hresult.h>

#include <optional>
#include <string>

namespace clrhost::bench {
namespace {

using trace::TraceCall;

struct Site {
    std::uint64_t target;
    const char* symbol;
    const char* library;
    const char* method;
    const char* assembly;
    bool framework;
};

// Call sites as the bridge resolves them (doc-table's, a few more, and a framework one).
const Site kOuter{0x7f9f73d360f9,
                  "first_unmanaged",
                  "libdoctable_native.so",
                  "DocTable.Program.first_unmanaged",
                  "DocTableVB",
                  false};
const Site kInner{0x7f9f73d36121,
                  "second_unmanaged",
                  "libdoctable_native.so",
                  "DocTable.CSharp.Native.second_unmanaged",
                  "DocTableCS",
                  false};
const Site kPlain{
    0x7f9f73d40010, "bench_noop", "libbenchloops_native.so", "BenchLoops.Program.bench_noop",
    "BenchLoopsCs", false};
const Site kFramework{0x7f9f80001230,           "SystemNative_Write",
                      "libSystem.Native.so",    "Interop+Sys.<Write>g____PInvoke|37_0",
                      "System.Private.CoreLib", true};
const Site kCallback{0,    nullptr, nullptr, "DocTable.CSharp.Callbacks.SecondLayer", "DocTableCS",
                     false};

class ThreadScript {
public:
    explicit ThreadScript(std::int64_t tid, bool layers) : tid_(tid), layers_(layers) {}

    void emit(HostCall kind, const Site& site, std::optional<bool> hook = std::nullopt)
    {
        TraceCall call;
        call.tid = tid_;
        call.call = kind;
        if (site.target)
            call.target = site.target;
        if (site.symbol)
            call.symbol = site.symbol;
        if (site.library)
            call.library = site.library;
        if (site.method)
            call.method = site.method;
        if (site.assembly)
            call.assembly = site.assembly;
        call.framework = site.framework;
        call.hr = S_OK;
        call.hook = hook;
        switch (kind) {
        case HostCall::LeaveRuntime:
            open_ += 'U';
            break;
        case HostCall::ReverseEnterRuntime:
            open_ += 'M';
            break;
        case HostCall::EnterRuntime:
        case HostCall::ReverseLeaveRuntime:
            open_.pop_back();
            break;
        default:
            break;
        }
        if (layers_ && kind != HostCall::GetCurrentTask && kind != HostCall::CallNeedsHostHook)
            call.host_layers = open_;
        calls.push_back(std::move(call));
    }
    void pinvoke_open(const Site& site)
    {
        emit(HostCall::CallNeedsHostHook, site, true);
        emit(HostCall::LeaveRuntime, site);
    }
    void pinvoke(const Site& site)
    {
        pinvoke_open(site);
        emit(HostCall::EnterRuntime, site);
    }

    std::vector<TraceCall> calls;
    std::size_t next = 0;

private:
    std::int64_t tid_;
    bool layers_;
    std::string open_;
};

// xorshift64*: the same block on every machine.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed | 1) {}
    std::uint64_t next()
    {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545F4914F6CDD1DULL;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t state_;
};

void episode(ThreadScript& thread, Random& random)
{
    const auto pick = random.below(100);
    if (pick < 55) { // a plain P/Invoke
        thread.pinvoke(kPlain);
    } else if (pick < 75) { // doc-table: Leave, ReverseEnter, Leave, Enter, ReverseLeave, Enter
        thread.pinvoke_open(kOuter);
        thread.emit(HostCall::ReverseEnterRuntime, kCallback);
        thread.pinvoke(kInner);
        thread.emit(HostCall::ReverseLeaveRuntime, kCallback);
        thread.emit(HostCall::EnterRuntime, kOuter);
    } else if (pick < 80) { // nest-16
        constexpr int kDepth = 16;
        for (int level = 0; level < kDepth; ++level) {
            thread.pinvoke_open(kOuter);
            thread.emit(HostCall::ReverseEnterRuntime, kCallback);
        }
        for (int level = 0; level < kDepth; ++level) {
            thread.emit(HostCall::ReverseLeaveRuntime, kCallback);
            thread.emit(HostCall::EnterRuntime, kOuter);
        }
    } else if (pick < 90) { // a callback entered from native code with nothing open
        thread.emit(HostCall::ReverseEnterRuntime, kCallback);
        thread.pinvoke(kInner);
        thread.emit(HostCall::ReverseLeaveRuntime, kCallback);
    } else { // the framework's own P/Invoke
        thread.pinvoke(kFramework);
    }
}

} // namespace

std::vector<TraceCall> synthetic_block(const SyntheticOptions& options)
{
    Random random(options.seed);
    std::vector<ThreadScript> threads;
    for (int t = 0; t < options.threads; ++t) {
        threads.emplace_back(7000 + t, options.host_layers);
        threads.back().emit(HostCall::GetCurrentTask, Site{});
    }
    // Each thread's script, whole episodes, about min_calls in all.
    std::size_t total = 0;
    for (std::size_t t = 0; total < options.min_calls; t = (t + 1) % threads.size()) {
        const auto before = threads[t].calls.size();
        episode(threads[t], random);
        total += threads[t].calls.size() - before;
    }
    // Interleaved call by call, in a random order of threads, as threads run at once.
    std::vector<TraceCall> block;
    std::size_t left = 0;
    for (const auto& thread : threads)
        left += thread.calls.size();
    block.reserve(left);
    while (left) {
        auto& thread = threads[random.below(threads.size())];
        if (thread.next == thread.calls.size())
            continue;
        auto call = std::move(thread.calls[thread.next++]);
        call.seq = block.size();
        block.push_back(std::move(call));
        --left;
    }
    return block;
}

} // namespace clrhost::bench
