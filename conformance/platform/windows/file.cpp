// The file seam on Windows (conformance/platform/file.h): HANDLEs opened to be shared (a reader
// exports a recording another handle holds; a recording is removed while still open), a lock on
// one byte far past any data (LockFileEx locks are mandatory: a lock over the data would stop
// reads), and file mapping objects in place of mmap (file.h says how the recording's mapping
// grows here).
#include "conformance/platform/file.h"

#include "windows_error.h"

#include <windows.h>

#include <filesystem>
#include <utility>

namespace clrhost::platform {

namespace {

HANDLE handle_of(std::intptr_t native)
{
    return reinterpret_cast<HANDLE>(native);
}

constexpr std::intptr_t kNoHandle = -1; // INVALID_HANDLE_VALUE

DWORD high(std::uint64_t value)
{
    return static_cast<DWORD>(value >> 32);
}
DWORD low(std::uint64_t value)
{
    return static_cast<DWORD>(value & 0xFFFFFFFFu);
}

// The lock's one byte: far past any recording, so that it never overlaps data.
constexpr std::uint64_t kLockOffset = std::uint64_t{1} << 62;

bool file_id(HANDLE handle, BY_HANDLE_FILE_INFORMATION& info)
{
    return ::GetFileInformationByHandle(handle, &info) != 0;
}

} // namespace

std::string last_error()
{
    return windows_error_text(::GetLastError());
}

File::File(const std::string& path, Mode mode)
{
    const DWORD access = mode == Mode::Read        ? GENERIC_READ
                         : mode == Mode::ReadWrite ? GENERIC_READ | GENERIC_WRITE
                                                   : GENERIC_WRITE;
    const DWORD disposition = mode == Mode::Read        ? OPEN_EXISTING
                              : mode == Mode::ReadWrite ? OPEN_ALWAYS
                                                        : CREATE_ALWAYS;
    const auto wide = std::filesystem::path(path).wstring();
    native_ = reinterpret_cast<std::intptr_t>(
        ::CreateFileW(wide.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr));
}

File::File(File&& other) noexcept : native_(std::exchange(other.native_, kNoHandle)) {}

File& File::operator=(File&& other) noexcept
{
    if (this != &other) {
        close();
        native_ = std::exchange(other.native_, kNoHandle);
    }
    return *this;
}

File::~File()
{
    close();
}

File::operator bool() const noexcept
{
    return handle_of(native_) != INVALID_HANDLE_VALUE;
}

void File::close() noexcept
{
    if (*this)
        ::CloseHandle(handle_of(std::exchange(native_, kNoHandle)));
}

bool File::try_lock() noexcept
{
    OVERLAPPED at{};
    at.Offset = low(kLockOffset);
    at.OffsetHigh = high(kLockOffset);
    return ::LockFileEx(handle_of(native_), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0,
                        1, 0, &at) != 0;
}

bool File::truncate(std::uint64_t size) noexcept
{
    FILE_END_OF_FILE_INFO end{};
    end.EndOfFile.QuadPart = static_cast<LONGLONG>(size);
    return ::SetFileInformationByHandle(handle_of(native_), FileEndOfFileInfo, &end, sizeof end) !=
           0;
}

bool File::allocate(std::uint64_t offset, std::uint64_t length) noexcept
{
    const auto current = size();
    if (!current)
        return false;
    if (*current >= offset + length)
        return true;
    // Setting the end of the file reserves its clusters: a full disk fails here.
    return truncate(offset + length);
}

bool File::write_at(std::string_view bytes, std::uint64_t offset) noexcept
{
    while (!bytes.empty()) {
        OVERLAPPED at{};
        at.Offset = low(offset);
        at.OffsetHigh = high(offset);
        DWORD written = 0;
        const auto chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
        if (!::WriteFile(handle_of(native_), bytes.data(), chunk, &written, &at) || written == 0)
            return false;
        bytes.remove_prefix(written);
        offset += written;
    }
    return true;
}

bool File::append(std::string_view bytes) noexcept
{
    while (!bytes.empty()) {
        DWORD written = 0;
        const auto chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
        if (!::WriteFile(handle_of(native_), bytes.data(), chunk, &written, nullptr) ||
            written == 0)
            return false;
        bytes.remove_prefix(written);
    }
    return true;
}

std::optional<std::uint64_t> File::size() const noexcept
{
    LARGE_INTEGER size{};
    if (!::GetFileSizeEx(handle_of(native_), &size))
        return std::nullopt;
    return static_cast<std::uint64_t>(size.QuadPart);
}

bool File::is(const std::string& path) const noexcept
{
    const auto wide = std::filesystem::path(path).wstring();
    HANDLE named =
        ::CreateFileW(wide.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (named == INVALID_HANDLE_VALUE)
        return false;
    BY_HANDLE_FILE_INFORMATION held{}, other{};
    const bool same = file_id(handle_of(native_), held) && file_id(named, other) &&
                      held.dwVolumeSerialNumber == other.dwVolumeSerialNumber &&
                      held.nFileIndexHigh == other.nFileIndexHigh &&
                      held.nFileIndexLow == other.nFileIndexLow;
    ::CloseHandle(named);
    return same;
}

bool remove_file(const std::string& path) noexcept
{
    const auto wide = std::filesystem::path(path).wstring();
    return ::DeleteFileW(wide.c_str()) != 0;
}

FileView::FileView(const File& file, std::size_t size)
{
    HANDLE section =
        ::CreateFileMappingW(handle_of(file.native()), nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (!section)
        return;
    data_ = static_cast<const std::byte*>(::MapViewOfFile(section, FILE_MAP_READ, 0, 0, size));
    ::CloseHandle(section); // the view keeps the section
    size_ = size;
}

FileView::~FileView()
{
    if (data_)
        ::UnmapViewOfFile(data_);
}

bool GrowingMapping::reserve(std::span<const std::size_t> sizes) noexcept
{
    if (sizes.empty())
        return false;
    reserved_ = sizes.front();
    return true;
}

bool GrowingMapping::grow(const File& file, std::size_t size) noexcept
{
    HANDLE section = ::CreateFileMappingW(handle_of(file.native()), nullptr, PAGE_READWRITE,
                                          high(size), low(size), nullptr);
    if (!section)
        return false;
    void* view = ::MapViewOfFile(section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, size);
    const auto error = ::GetLastError();
    ::CloseHandle(section); // the view keeps the section
    if (!view) {
        ::SetLastError(error);
        return false;
    }
    try {
        views_.push_back(view);
    } catch (...) {
        ::UnmapViewOfFile(view);
        return false;
    }
    base_ = static_cast<std::byte*>(view);
    mapped_ = size;
    return true;
}

void GrowingMapping::release() noexcept
{
    for (void* view : views_)
        ::UnmapViewOfFile(view);
    views_.clear();
    base_ = nullptr;
    reserved_ = mapped_ = 0;
}

std::size_t GrowingMapping::granularity() noexcept
{
    static const auto size = [] {
        SYSTEM_INFO info{};
        ::GetSystemInfo(&info);
        return static_cast<std::size_t>(info.dwAllocationGranularity);
    }();
    return size;
}

bool prefault_for_write(std::byte*, std::byte*) noexcept
{
    return false; // the caller's read of each page brings it in
}

std::size_t page_size() noexcept
{
    static const auto size = [] {
        SYSTEM_INFO info{};
        ::GetSystemInfo(&info);
        return static_cast<std::size_t>(info.dwPageSize);
    }();
    return size;
}

} // namespace clrhost::platform
