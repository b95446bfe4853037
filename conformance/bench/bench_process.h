// Child processes for the benchmarks: one runtime per process, so every configuration runs in a
// process of its own. Starts argv, sends its stdout and stderr to a file, waits with a deadline
// and reports how it ended, its wall time and its CPU time and peak memory (wait4).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace clrhost::bench {

struct ProcessResult {
    bool started = false;
    bool timed_out = false;
    bool signalled = false;
    int signal = 0;
    int exit_code = -1;
    double wall_ms = 0;
    double cpu_ms = 0; // user + system
    long max_rss_kb = 0;
    std::string output; // stdout and stderr, interleaved
    bool ok() const { return started && !timed_out && !signalled && exit_code == 0; }
    std::string describe_end() const;
};

// env: variables to set (value) or, with an empty value, to remove in the child.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env,
                          std::chrono::seconds time_limit);

// The folder of the running executable.
std::string executable_dir();

} // namespace clrhost::bench
