// clrhost-bench: what the transition bridge and the recorder cost on the real runtime, against
// the runtime's own transition cost (docs/PERFORMANCE.md). One runtime per process, so every
// configuration runs the bench-loops app (managed-testapps/bench-loops) in a child process
// (`child`, child_command.cpp: none, floor, bridge, recorder).
//
// Subcommands, one file each: transitions (per-call ns of every configuration, 1 and 4 threads,
// ratios over the floor), startup (a process's start-up with and without the profiler), lossless
// (4 threads x N P/Invoke round trips through the recorder: every call in the trace, bytes per
// call), summary (merges the parts into ci/bench.sh's JSON), child (internal: one configuration
// in-process).
#include "conformance/bench/bench_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <vector>

int main(int argc, char** argv)
{
    using namespace clrhost::bench;
    CLI::App app{"clrhost-bench: the cost of the transition bridge and the recorder"};
    app.require_subcommand(1);
    std::vector<Subcommand> subcommands;
    for (const auto add : {register_child, register_transitions, register_startup,
                           register_lossless, register_summary})
        subcommands.push_back(add(app));

    CLI11_PARSE(app, argc, argv);
    try {
        for (const auto& subcommand : subcommands)
            if (subcommand.command->parsed())
                return subcommand.run();
    } catch (const std::exception& error) {
        fmt::print(stderr, "clrhost-bench: {}\n", error.what());
        return 2;
    }
    return 2;
}
