// The process seam on Windows (conformance/platform/process.h): wide-character paths throughout
// (GetModuleFileNameW, LoadLibraryExW), so a path is not limited to the ANSI code page.
#include "conformance/platform/process.h"

#include "windows_error.h"

#include <windows.h>

#include <filesystem>

namespace clrhost::platform {

namespace {
std::string module_file(HMODULE module)
{
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const auto length =
            ::GetModuleFileNameW(module, path.data(), static_cast<DWORD>(path.size()));
        if (length == 0)
            return {};
        if (length < path.size()) {
            path.resize(length);
            return std::filesystem::path(path).string();
        }
        path.resize(path.size() * 2);
    }
}
} // namespace

unsigned long process_id() noexcept
{
    return ::GetCurrentProcessId();
}

std::string executable_path()
{
    return module_file(nullptr);
}

std::string module_path_of(const void* address)
{
    HMODULE module = nullptr;
    if (!::GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                  GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                              static_cast<LPCWSTR>(address), &module))
        return {};
    return module_file(module);
}

std::tm utc_time(std::time_t time)
{
    std::tm utc{};
    ::gmtime_s(&utc, &time);
    return utc;
}

const char* shared_library_suffix() noexcept
{
    return ".dll";
}

void* load_library(const std::string& path, std::string& error, Binding)
{
    const auto wide = std::filesystem::path(path).make_preferred().wstring();
    // Given its path, the DLLs it imports are looked for in its own folder first.
    const DWORD flags =
        std::filesystem::path(wide).is_absolute() ? LOAD_WITH_ALTERED_SEARCH_PATH : 0;
    HMODULE library = ::LoadLibraryExW(wide.c_str(), nullptr, flags);
    if (!library)
        error = windows_error_text(::GetLastError());
    return reinterpret_cast<void*>(library);
}

void* find_symbol(void* library, const char* name) noexcept
{
    return reinterpret_cast<void*>(::GetProcAddress(static_cast<HMODULE>(library), name));
}

void free_library(void* library) noexcept
{
    ::FreeLibrary(static_cast<HMODULE>(library));
}

} // namespace clrhost::platform
