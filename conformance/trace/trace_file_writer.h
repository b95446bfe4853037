// Appends trace lines to a file so that a process that dies mid-scenario (abort, SIGKILL) still
// leaves every call recorded so far readable: each line reaches the kernel in one write(2) as it
// is recorded, and nothing waits in a user-space buffer.
#pragma once

#include "trace_call.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

namespace clrhost::trace {

class TraceWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd();
    int get() const noexcept { return fd_; }

private:
    int fd_ = -1;
};

class TraceFileWriter {
public:
    // Creates (truncates) path and writes the header; throws TraceWriteError naming the fix.
    TraceFileWriter(const std::string& path, const TraceHeader& header);

    // Numbers the call with the next seq and appends it. Thread-safe. Returns the seq, or keeps
    // the first write error (see error()) and drops this and later calls: what was written stays.
    std::uint64_t append(const TraceCall& call);

    std::uint64_t calls_written() const noexcept { return written_.load(); }
    std::string error() const;
    const std::string& path() const noexcept { return path_; }

private:
    bool write_all(std::string_view line);

    std::string path_;
    UniqueFd fd_;
    mutable std::mutex mutex_;
    std::uint64_t next_seq_ = 0;
    std::atomic<std::uint64_t> written_{0};
    std::string error_;
};

} // namespace clrhost::trace
