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

// The loaded module that holds `address`, or null; no reference taken (the caller's code or
// data is in it, so it stays loaded while asked about).
HMODULE module_of(const void* address)
{
    HMODULE module = nullptr;
    if (!::GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                  GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                              static_cast<LPCWSTR>(address), &module))
        return nullptr;
    return module;
}

// The module's export directory as the loader mapped it (the handle is its base address), and
// the directory's extent: an export whose address lies inside it is a forwarder string.
const IMAGE_EXPORT_DIRECTORY* export_directory(const BYTE* base, DWORD& start, DWORD& size)
{
    const auto* dos = reinterpret_cast<const IMAGE_DOS_HEADER*>(base);
    const auto* nt = reinterpret_cast<const IMAGE_NT_HEADERS*>(base + dos->e_lfanew);
    const auto& entry = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (dos->e_magic != IMAGE_DOS_SIGNATURE || nt->Signature != IMAGE_NT_SIGNATURE ||
        entry.VirtualAddress == 0)
        return nullptr;
    start = entry.VirtualAddress;
    size = entry.Size;
    return reinterpret_cast<const IMAGE_EXPORT_DIRECTORY*>(base + start);
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
    HMODULE module = module_of(address);
    return module ? module_file(module) : std::string();
}

std::string exported_symbol_at(const void* address)
{
    const auto* base = reinterpret_cast<const BYTE*>(module_of(address));
    DWORD start = 0, size = 0;
    const auto* exports = base ? export_directory(base, start, size) : nullptr;
    if (!exports)
        return {};
    const auto rva = static_cast<DWORD>(static_cast<const BYTE*>(address) - base);
    const auto* functions = reinterpret_cast<const DWORD*>(base + exports->AddressOfFunctions);
    const auto* names = reinterpret_cast<const DWORD*>(base + exports->AddressOfNames);
    const auto* ordinals = reinterpret_cast<const WORD*>(base + exports->AddressOfNameOrdinals);
    for (DWORD i = 0; i < exports->NumberOfNames; ++i) {
        const DWORD function = functions[ordinals[i]];
        const bool forwarded = function >= start && function < start + size;
        if (function == rva && !forwarded)
            return reinterpret_cast<const char*>(base + names[i]);
    }
    return {};
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
