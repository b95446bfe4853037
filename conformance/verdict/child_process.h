// Scenario processes: one runtime per process, so the suite runs each scenario in a child of
// its own, with a deadline, and reads how it ended.
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace clrhost::cli {

struct ChildEnd {
    bool timed_out = false; // killed at its deadline
    bool signalled = false;
    int signal = 0;
    int exit_code = 0;
};

class ChildProcess {
public:
    // Starts argv[0] with argv in a process group of its own, stdout and stderr to log_path.
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
    pid_t pid_ = -1;
    std::chrono::steady_clock::time_point deadline_;
    ChildEnd end_;
};

// How often a waiting parent looks at its children.
inline constexpr std::chrono::milliseconds kPollInterval{5};

std::string signal_name(int signal);

} // namespace clrhost::cli
