// `run`'s options: read by the command and by its reports (run_reports.h).
#pragma once

#include "conformance/cli/commands.h"

#include <cstdint>
#include <string>

namespace clrhost::cli {

struct RunOptions {
    std::string scenario = "all";
    std::string filter;
    std::string trace; // with one scenario variant
    std::string trace_dir = "clrhost-traces";
    std::string host; // empty: the bundled reference host
    std::string scenario_root = default_scenario_root();
    std::string dotnet_root;
    // all (coreclr, and mono where this build has it), coreclr, or mono (the apps' net48 build)
    std::string driver = "all";
    unsigned jobs = 0;      // 0: one per core
    double timeout = 0;     // seconds; 0: each scenario's own
    double hang_limit = 10; // seconds one host call may take before it is a hang
    // The exerciser runs on the host before the scenarios, with a fixed seed so that CI sees
    // the same walks every time (docs/PLUGIN.md, "The exerciser").
    std::uint64_t exercise_seed = 1;
    bool no_exercise = false;
    bool strict = false;
    bool verbose = false;
    std::string expectations; // the host's expectation file (XFAIL, FLAKY): docs/REPORTS.md
    std::string junit;        // report files to write; empty: none
    std::string json;
    std::string markdown;
};

} // namespace clrhost::cli
