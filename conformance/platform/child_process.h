// The platform seam for child processes: one started with its output to a log file and a
// deadline, killed with everything it started (a process group on POSIX, a job object on
// Windows), and how it ended. A death by signal on POSIX is a death by an unhandled exception
// code on Windows (EXCEPTION_ACCESS_VIOLATION for SIGSEGV): `signal` holds the one or the other,
// and signal_name/signal_number translate the names scenarios use (SIGSEGV, SIGABRT, ...).
// conformance/platform/posix/child_process.cpp and conformance/platform/windows/child_process.cpp
// implement it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clrhost::platform {

struct ChildEnd {
    bool timed_out = false; // killed at its deadline
    bool signalled = false; // died of a signal (POSIX) or an unhandled exception (Windows)
    int signal = 0;         // the signal's number, or the exception's code
    int exit_code = 0;
};

class ChildProcess {
public:
    // Starts argv[0] with argv, stdout and stderr to log_path, stdin empty; throws
    // std::runtime_error naming the program when it cannot.
    ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
                 std::chrono::milliseconds time_limit);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept; // kills a child still running
    ChildProcess(const ChildProcess&) = delete;
    ~ChildProcess(); // kills a child still running

    // True once the child ended (killed at its deadline included); end() then says how.
    bool poll();
    const ChildEnd& end() const noexcept { return end_; }
    // Polls until the child ended.
    const ChildEnd& wait();

private:
    void kill_all() noexcept;    // the child and what it started
    std::intptr_t process_ = -1; // the pid, or the process HANDLE
    std::intptr_t group_ = -1;   // unused (POSIX: the pid is the group), or the job HANDLE
    std::chrono::steady_clock::time_point deadline_;
    ChildEnd end_;
};

// How often a waiting parent looks at its children.
inline constexpr std::chrono::milliseconds kPollInterval{5};

// "SIGSEGV"; on Windows "EXCEPTION_ACCESS_VIOLATION (0xC0000005)".
std::string signal_name(int signal);
// The number of a signal named as scenarios name them (SIGABRT, SIGSEGV, SIGKILL, SIGBUS, SIGILL,
// SIGTERM): on Windows the exception code a process dies of instead, where there is one.
std::optional<int> signal_number(const std::string& name);

} // namespace clrhost::platform
