// The child process seam on Linux (conformance/platform/child_process.h): posix_spawn into a
// process group of its own, killed as a group.
#include "conformance/platform/child_process.h"

#include <fmt/format.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace clrhost::platform {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
                           std::chrono::milliseconds time_limit)
    : deadline_(std::chrono::steady_clock::now() + time_limit)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<char*> args;
    for (const auto& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0)
        throw std::runtime_error(
            fmt::format("cannot start {}: {}", argv.front(), std::strerror(rc)));
    process_ = pid;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : process_(std::exchange(other.process_, -1)), deadline_(other.deadline_), end_(other.end_)
{
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept
{
    ChildProcess replaced(std::move(*this)); // its destructor ends a child still running
    process_ = std::exchange(other.process_, -1);
    deadline_ = other.deadline_;
    end_ = other.end_;
    return *this;
}

ChildProcess::~ChildProcess()
{
    if (process_ > 0) {
        kill_all();
        ::waitpid(static_cast<pid_t>(process_), nullptr, 0);
    }
}

void ChildProcess::kill_all() noexcept
{
    ::kill(-static_cast<pid_t>(process_), SIGKILL); // the whole group
}

bool ChildProcess::poll()
{
    if (process_ <= 0)
        return true;
    const auto pid = static_cast<pid_t>(process_);
    int status = 0;
    const auto done = ::waitpid(pid, &status, WNOHANG);
    if (done == 0 && std::chrono::steady_clock::now() >= deadline_) {
        kill_all(); // nothing the scenario started survives it
        ::waitpid(pid, &status, 0);
        end_.timed_out = true;
    } else if (done == 0) {
        return false;
    }
    process_ = -1;
    if (WIFSIGNALED(status)) {
        end_.signalled = true;
        end_.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        end_.exit_code = WEXITSTATUS(status);
    }
    return true;
}

const ChildEnd& ChildProcess::wait()
{
    while (!poll())
        std::this_thread::sleep_for(kPollInterval);
    return end_;
}

std::string signal_name(int signal)
{
    const char* abbreviation = ::sigabbrev_np(signal);
    return abbreviation ? fmt::format("SIG{}", abbreviation) : fmt::format("signal {}", signal);
}

std::optional<int> signal_number(const std::string& name)
{
    static const std::map<std::string, int> kSignals{{"SIGABRT", SIGABRT}, {"SIGSEGV", SIGSEGV},
                                                     {"SIGKILL", SIGKILL}, {"SIGBUS", SIGBUS},
                                                     {"SIGILL", SIGILL},   {"SIGTERM", SIGTERM}};
    const auto it = kSignals.find(name);
    return it == kSignals.end() ? std::nullopt : std::optional(it->second);
}

} // namespace clrhost::platform
