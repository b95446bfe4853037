#include "trace_file_writer.h"

#include "trace_format.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace clrhost::trace {

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
    fd_ = UniqueFd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644));
    if (fd_.get() < 0)
        throw TraceWriteError(
            fmt::format("cannot write trace {}: {}: choose a writable --trace path", path,
                        std::strerror(errno)));
    if (!write_all(format_header(header) + '\n'))
        throw TraceWriteError(fmt::format("cannot write trace {}: {}", path, error_));
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

std::uint64_t TraceFileWriter::append(const TraceCall& call)
{
    auto fields = format_call_fields(call);
    const int saved_errno = errno; // recording must never change what the traced code reads
    std::lock_guard lock(mutex_);
    const auto seq = next_seq_++;
    if (error_.empty() && write_all(fmt::format("{{\"seq\":{},{}\n", seq, fields)))
        written_.fetch_add(1);
    errno = saved_errno;
    return seq;
}

std::string TraceFileWriter::error() const
{
    std::lock_guard lock(mutex_);
    return error_.empty() ? std::string{}
                          : fmt::format("writing trace {} failed after {} calls: {}", path_,
                                        written_.load(), error_);
}

} // namespace clrhost::trace
