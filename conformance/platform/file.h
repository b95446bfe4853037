// The platform seam for files: an open file (a POSIX descriptor, a Windows HANDLE) with the few
// operations the trace recording and its readers need, a read-only view of a whole file, and
// the recording's growing mapping. Failures return false (or an empty result) and leave the
// system's reason for last_error(). conformance/platform/posix/file.cpp and
// conformance/platform/windows/file.cpp implement it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clrhost::platform {

// The reason the last failed call of this seam gave (strerror, FormatMessage).
std::string last_error();

class File {
public:
    enum class Mode {
        Read,          // existing, read-only
        ReadWrite,     // created if missing, read-write, not truncated
        WriteTruncate, // created if missing, write-only, emptied
    };
    File() = default;
    File(const std::string& path, Mode mode); // check with operator bool, then last_error()
    // Takes over an open descriptor or HANDLE (one the caller made otherwise: memfd_create).
    static File adopt(std::intptr_t native) noexcept
    {
        File file;
        file.native_ = native;
        return file;
    }
    File(File&& other) noexcept;
    File& operator=(File&& other) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();

    explicit operator bool() const noexcept;
    void close() noexcept;

    // An exclusive lock other processes see, taken without waiting; false if another holds it.
    // It lasts until the file is closed.
    bool try_lock() noexcept;
    bool truncate(std::uint64_t size) noexcept;
    // Makes [offset, offset + length) of the file real storage, growing it: a full disk fails
    // here, not at a store into the mapping.
    bool allocate(std::uint64_t offset, std::uint64_t length) noexcept;
    bool write_at(std::string_view bytes, std::uint64_t offset) noexcept;
    bool append(std::string_view bytes) noexcept; // at the current position (WriteTruncate)
    std::optional<std::uint64_t> size() const noexcept;
    // Whether `path` names this very file (it was not removed or replaced since it was opened).
    bool is(const std::string& path) const noexcept;

    // The POSIX descriptor or the Windows HANDLE, for the mappings below.
    std::intptr_t native() const noexcept { return native_; }

private:
    std::intptr_t native_ = -1;
};

bool remove_file(const std::string& path) noexcept;

// A whole file mapped read-only.
class FileView {
public:
    FileView() = default;
    FileView(const File& file, std::size_t size); // check data(), then last_error()
    FileView(const FileView&) = delete;
    FileView& operator=(const FileView&) = delete;
    ~FileView();
    const std::byte* data() const noexcept { return data_; }

private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

// The recording's mapping: a growing prefix of a file mapped read-write (shared with the file).
// A byte mapped once keeps its address until release(): on POSIX the range is reserved once and
// grows in place; on Windows each growth maps the whole prefix again (Wine has no placeholder
// mappings to grow in place, and releasing a reservation to map into it races with the process's
// other allocations), so base() moves while the earlier views stay mapped.
class GrowingMapping {
public:
    GrowingMapping() = default;
    GrowingMapping(const GrowingMapping&) = delete;
    GrowingMapping& operator=(const GrowingMapping&) = delete;
    ~GrowingMapping() { release(); }

    // Reserves the first of `sizes` the address space has room for (on Windows only notes it as
    // the limit); false if none.
    bool reserve(std::span<const std::size_t> sizes) noexcept;
    std::byte* base() const noexcept { return base_; }
    std::size_t reserved() const noexcept { return reserved_; }
    std::size_t mapped() const noexcept { return mapped_; }
    // Maps the file's first `size` bytes, a multiple of granularity(); the file is at least that
    // long (File::allocate). base() + offset is then the address of any of them.
    bool grow(const File& file, std::size_t size) noexcept;
    void release() noexcept;

    // The unit a mapping grows by: the page size (POSIX), the allocation granularity (Windows).
    static std::size_t granularity() noexcept;

private:
    std::byte* base_ = nullptr;
    std::size_t reserved_ = 0;
    std::size_t mapped_ = 0;
    std::vector<void*> views_; // Windows: every view so far, unmapped on release
};

// Asks the system to make [begin, end) present and writable now (whole pages), so a thread
// writing there later takes no page fault; false once the system cannot (then the caller
// touches the pages itself).
bool prefault_for_write(std::byte* begin, std::byte* end) noexcept;
std::size_t page_size() noexcept;

} // namespace clrhost::platform
