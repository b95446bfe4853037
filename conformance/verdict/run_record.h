// What a scenario process reports about its own run, beside the trace: written by `run-one`
// when the run completes, read by `run` in the parent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace clrhost::cli {

// The exit code of a scenario process stopped by the host-call watchdog.
inline constexpr int kHangExitCode = 3;

struct RunRecord {
    int app_exit_code = 0;
    std::string runtime;
    std::string host_name;
    std::string host_version;
    bool bridge_attached = false;
    std::uint64_t host_exceptions = 0;
    std::uint64_t calls_recorded = 0;
    std::string trace_error; // the trace could not be written whole
    std::string error;       // the run could not start (bad setup): the one-line message
    std::string hang;        // a host call that did not return: thread, call, arguments
};

// Where `run`, `faults` and `run-again` keep a run's record: beside its trace.
inline std::string run_record_path(const std::string& trace_path)
{
    return trace_path + ".run.json";
}

void write_run_record(const std::string& path, const RunRecord& record);
std::optional<RunRecord> read_run_record(const std::string& path);

} // namespace clrhost::cli
