// Appends trace lines to a file so that a process that dies mid-scenario (abort, SIGKILL) still
// leaves every call recorded so far readable, without a system call per call: the file is
// mapped (MAP_SHARED), each call reserves its line's bytes and its seq together under a short
// lock, and copies its line into the mapping outside it. The pages belong to the kernel's page
// cache as soon as they are written, so they outlive the process. Lines stay in seq order; the
// unused tail of the file of a writer that died is NUL bytes, which the reader skips
// (trace_format.h), and a clean end trims it. Where the file cannot be mapped (a pipe, a
// device), each line reaches the kernel in one write(2) under the lock, as it is recorded.
#pragma once

#include "trace_call.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
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
    // Trims the file to the lines written. Every append must have returned.
    ~TraceFileWriter();
    TraceFileWriter(const TraceFileWriter&) = delete;
    TraceFileWriter& operator=(const TraceFileWriter&) = delete;

    // Numbers the call with the next seq and appends it. Thread-safe. Returns the seq, or keeps
    // the first write error (see error()) and drops this and later calls: what was written stays.
    std::uint64_t append(const TraceCall& call);
    // The same for a call already formatted by append_call_fields (trace_format.h): its line
    // without the leading {"seq":N, which this adds. Leaves errno as it found it.
    std::uint64_t append_fields(std::string_view fields);

    std::uint64_t calls_written() const noexcept { return written_.load(); }
    std::string error() const;
    const std::string& path() const noexcept { return path_; }

private:
    bool write_all(std::string_view line);
    bool write_all_at(std::string_view line, std::uint64_t offset);
    char* reserve(std::size_t length); // caller holds mutex_; null: error_ says why
    bool map_more(std::size_t needed); // caller holds mutex_
    void unmap() noexcept;

    std::string path_;
    UniqueFd fd_;
    mutable std::mutex mutex_;
    std::uint64_t next_seq_ = 0;
    std::atomic<std::uint64_t> written_{0};
    std::string error_;

    // Mapped mode: the file is mapped at the start of an address range reserved once.
    char* base_ = nullptr;
    std::size_t reserved_ = 0; // bytes of address range
    std::size_t mapped_ = 0;   // bytes of the file mapped and allocated
    std::uint64_t end_ = 0;    // the file offset of the next line
};

} // namespace clrhost::trace
