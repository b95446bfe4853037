#include "trace_file_writer.h"

#include "trace_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clrhost::trace {
namespace {

constexpr std::string_view kSeqKey = "{\"seq\":";
// The first mapping, then doubling up to kLargestStep: small, because it is also the most a
// short trace of a writer that died leaves of NUL bytes at its end.
constexpr std::size_t kFirstMapping = std::size_t{64} << 10;
constexpr std::size_t kLargestStep = std::size_t{64} << 20;
// Address range for the mapping, reserved (not committed) once: a trace that outgrows it goes on
// with one pwrite(2) per line. Smaller ranges are tried where address space is limited.
constexpr std::size_t kReservations[] = {std::size_t{64} << 30, std::size_t{4} << 30,
                                         std::size_t{256} << 20};

std::size_t page_size()
{
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

// The line of a call in write(2) mode, and the fields of append(): one buffer per thread, so a
// recorded call allocates nothing once the thread's first calls sized it.
std::string& thread_buffer()
{
    thread_local std::string buffer;
    buffer.clear();
    return buffer;
}

} // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

UniqueFd::~UniqueFd()
{
    if (fd_ >= 0)
        ::close(fd_);
}

TraceFileWriter::TraceFileWriter(const std::string& path, const TraceHeader& header) : path_(path)
{
    // A shared writable mapping needs the file open for reading too; a path that can only be
    // written gets write(2) mode.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const bool readable = fd >= 0;
    if (fd < 0)
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        throw TraceWriteError(
            fmt::format("cannot write trace {}: {}: choose a writable --trace path", path,
                        std::strerror(errno)));
    fd_ = UniqueFd(fd);
    const auto header_line = format_header(header) + '\n';
    if (!write_all(header_line))
        throw TraceWriteError(fmt::format("cannot write trace {}: {}", path, error_));
    end_ = header_line.size();

    struct stat status {};
    if (!readable || ::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode))
        return; // a pipe or a device: write(2) mode
    for (const auto size : kReservations) {
        void* range = ::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                             -1, 0);
        if (range != MAP_FAILED) {
            base_ = static_cast<char*>(range);
            reserved_ = size;
            break;
        }
    }
}

TraceFileWriter::~TraceFileWriter()
{
    unmap();
}

void TraceFileWriter::unmap() noexcept
{
    if (!base_)
        return;
    ::munmap(base_, reserved_);
    base_ = nullptr;
    // The mapped file's unused tail: the reader would skip its NULs, but a clean end leaves none.
    if (mapped_ > end_) {
        while (::ftruncate(fd_.get(), static_cast<off_t>(end_)) != 0 && errno == EINTR) {
        }
    }
}

bool TraceFileWriter::write_all(std::string_view line)
{
    while (!line.empty()) {
        const auto n = ::write(fd_.get(), line.data(), line.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error_ = n < 0 ? std::strerror(errno) : "short write";
            return false;
        }
        line.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool TraceFileWriter::write_all_at(std::string_view line, std::uint64_t offset)
{
    while (!line.empty()) {
        const auto n = ::pwrite(fd_.get(), line.data(), line.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error_ = n < 0 ? std::strerror(errno) : "short write";
            return false;
        }
        line.remove_prefix(static_cast<std::size_t>(n));
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

bool TraceFileWriter::map_more(std::size_t needed)
{
    auto size = mapped_ ? std::min(mapped_ * 2, mapped_ + kLargestStep) : kFirstMapping;
    while (size < needed)
        size += kLargestStep;
    size = (size + page_size() - 1) / page_size() * page_size();
    if (size > reserved_)
        return false; // the range is full: pwrite(2) from here on
    const auto offset = static_cast<off_t>(mapped_);
    const auto length = static_cast<off_t>(size - mapped_);
    // Blocks allocated now: a store into a mapped hole on a full disk would be SIGBUS, where
    // this reports "No space left on device" like a failed write(2). File systems without
    // fallocate get a sparse file.
    if (::fallocate(fd_.get(), 0, offset, length) != 0) {
        if (errno != EOPNOTSUPP && errno != ENOSYS) {
            error_ = std::strerror(errno);
            return false;
        }
        if (::ftruncate(fd_.get(), static_cast<off_t>(size)) != 0) {
            error_ = std::strerror(errno);
            return false;
        }
    }
    void* mapped = ::mmap(base_ + mapped_, static_cast<std::size_t>(length),
                          PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd_.get(), offset);
    if (mapped == MAP_FAILED) {
        error_ = fmt::format("cannot map the trace file: {}", std::strerror(errno));
        return false;
    }
    mapped_ = size;
    return true;
}

char* TraceFileWriter::reserve(std::size_t length)
{
    if (end_ + length > mapped_ && !map_more(end_ + length))
        return nullptr;
    char* at = base_ + end_;
    end_ += length;
    return at;
}

std::uint64_t TraceFileWriter::append_fields(std::string_view fields)
{
    const int saved_errno = errno; // recording must never change what the traced code reads
    char seq_text[24];
    char* at = nullptr;
    std::uint64_t seq = 0;
    std::size_t seq_length = 0;
    {
        std::lock_guard lock(mutex_);
        seq = next_seq_++;
        seq_length = static_cast<std::size_t>(
            std::to_chars(seq_text, seq_text + sizeof seq_text, seq).ptr - seq_text);
        const auto length = kSeqKey.size() + seq_length + 1 + fields.size() + 1;
        if (!error_.empty()) {
            errno = saved_errno;
            return seq;
        }
        // Mapped mode: the line's place is reserved here and filled below, outside the lock.
        if (base_ && end_ + length <= reserved_)
            at = reserve(length);
        if (at) {
            written_.store(written_.load(std::memory_order_relaxed) + 1,
                           std::memory_order_relaxed);
        } else if (error_.empty()) {
            // write(2) mode: the line reaches the kernel before the lock is released.
            auto& line = thread_buffer();
            line += kSeqKey;
            line.append(seq_text, seq_length);
            line += ',';
            line += fields;
            line += '\n';
            if (base_ ? write_all_at(line, end_) : write_all(line)) {
                end_ += line.size();
                written_.store(written_.load(std::memory_order_relaxed) + 1,
                               std::memory_order_relaxed);
            }
        }
    }
    if (at) {
        std::memcpy(at, kSeqKey.data(), kSeqKey.size());
        at += kSeqKey.size();
        std::memcpy(at, seq_text, seq_length);
        at += seq_length;
        *at++ = ',';
        std::memcpy(at, fields.data(), fields.size());
        at[fields.size()] = '\n';
    }
    errno = saved_errno;
    return seq;
}

std::uint64_t TraceFileWriter::append(const TraceCall& call)
{
    const int saved_errno = errno;
    thread_local std::string fields;
    fields.clear();
    append_call_fields(fields, fields_view(call));
    errno = saved_errno;
    return append_fields(fields);
}

std::string TraceFileWriter::error() const
{
    std::lock_guard lock(mutex_);
    return error_.empty() ? std::string{}
                          : fmt::format("writing trace {} failed after {} calls: {}", path_,
                                        written_.load(), error_);
}

} // namespace clrhost::trace
