// A synthetic trace for the benchmarks: what a recorder in front of the reference host writes for
// a multi-threaded app, without the runtime. Several threads interleaved call by call, each
// running episodes of the shapes the scenarios produce: a plain P/Invoke, the doc-table nesting,
// a 16-deep nest, a callback entered from a native thread, a framework P/Invoke. Every episode
// closes what it opens, so the block can be fed to the rules engine again and again (with fresh
// seq numbers) as a trace of any length whose memory does not grow with it.
#pragma once

#include "conformance/trace/trace_call.h"

#include <cstdint>
#include <vector>

namespace clrhost::bench {

struct SyntheticOptions {
    int threads = 8;
    std::size_t min_calls = 1 << 16; // the block ends at the first episode boundary after this
    bool host_layers = true;         // the reference host shows its bookkeeping: every call has it
    std::uint64_t seed = 0x5eed;
};

// A balanced block: every thread ends with nothing open. seq is 0.. in block order.
std::vector<trace::TraceCall> synthetic_block(const SyntheticOptions& options = {});

} // namespace clrhost::bench
