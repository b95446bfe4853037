// The file seam on Linux (conformance/platform/file.h): descriptors, flock, fallocate, mmap.
#include "conformance/platform/file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#ifndef MADV_POPULATE_WRITE
constexpr int MADV_POPULATE_WRITE = 23; // Linux 5.14
#endif

namespace clrhost::platform {

namespace {
int fd_of(std::intptr_t native)
{
    return static_cast<int>(native);
}
} // namespace

std::string last_error()
{
    return std::strerror(errno);
}

File::File(const std::string& path, Mode mode)
{
    const int flags = mode == Mode::Read        ? O_RDONLY
                      : mode == Mode::ReadWrite ? O_RDWR | O_CREAT
                                                : O_WRONLY | O_CREAT | O_TRUNC;
    native_ = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
}

File::File(File&& other) noexcept : native_(std::exchange(other.native_, -1)) {}

File& File::operator=(File&& other) noexcept
{
    if (this != &other) {
        close();
        native_ = std::exchange(other.native_, -1);
    }
    return *this;
}

File::~File()
{
    close();
}

File::operator bool() const noexcept
{
    return native_ >= 0;
}

void File::close() noexcept
{
    if (native_ >= 0)
        ::close(fd_of(std::exchange(native_, -1)));
}

bool File::try_lock() noexcept
{
    return ::flock(fd_of(native_), LOCK_EX | LOCK_NB) == 0;
}

bool File::truncate(std::uint64_t size) noexcept
{
    return ::ftruncate(fd_of(native_), static_cast<off_t>(size)) == 0;
}

bool File::allocate(std::uint64_t offset, std::uint64_t length) noexcept
{
    if (::fallocate(fd_of(native_), 0, static_cast<off_t>(offset), static_cast<off_t>(length)) == 0)
        return true;
    if (errno != EOPNOTSUPP && errno != ENOSYS)
        return false;
    return truncate(offset + length); // a file system without it
}

bool File::write_at(std::string_view bytes, std::uint64_t offset) noexcept
{
    while (!bytes.empty()) {
        const auto n =
            ::pwrite(fd_of(native_), bytes.data(), bytes.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        offset += static_cast<std::uint64_t>(n);
    }
    return true;
}

bool File::append(std::string_view bytes) noexcept
{
    while (!bytes.empty()) {
        const auto n = ::write(fd_of(native_), bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::optional<std::uint64_t> File::size() const noexcept
{
    struct stat status {};
    if (::fstat(fd_of(native_), &status) != 0)
        return std::nullopt;
    return static_cast<std::uint64_t>(status.st_size);
}

bool File::is(const std::string& path) const noexcept
{
    struct stat held {
    }, named{};
    return ::fstat(fd_of(native_), &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

bool remove_file(const std::string& path) noexcept
{
    return ::unlink(path.c_str()) == 0;
}

FileView::FileView(const File& file, std::size_t size)
{
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd_of(file.native()), 0);
    if (mapped == MAP_FAILED)
        return;
    data_ = static_cast<const std::byte*>(mapped);
    size_ = size;
}

FileView::~FileView()
{
    if (data_)
        ::munmap(const_cast<std::byte*>(data_), size_);
}

bool GrowingMapping::reserve(std::span<const std::size_t> sizes) noexcept
{
    for (const auto size : sizes) {
        void* range =
            ::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (range != MAP_FAILED) {
            base_ = static_cast<std::byte*>(range);
            reserved_ = size;
            return true;
        }
    }
    return false;
}

bool GrowingMapping::grow(const File& file, std::size_t size) noexcept
{
    void* mapped =
        ::mmap(base_ + mapped_, size - mapped_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
               fd_of(file.native()), static_cast<off_t>(mapped_));
    if (mapped == MAP_FAILED)
        return false;
    mapped_ = size;
    return true;
}

void GrowingMapping::release() noexcept
{
    if (base_)
        ::munmap(base_, reserved_);
    base_ = nullptr;
    reserved_ = mapped_ = 0;
}

std::size_t GrowingMapping::granularity() noexcept
{
    return page_size();
}

bool prefault_for_write(std::byte* begin, std::byte* end) noexcept
{
    return ::madvise(begin, static_cast<std::size_t>(end - begin), MADV_POPULATE_WRITE) == 0 ||
           errno != EINVAL;
}

std::size_t page_size() noexcept
{
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

} // namespace clrhost::platform
