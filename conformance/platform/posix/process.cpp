// The process seam on Linux (conformance/platform/process.h).
#include "conformance/platform/process.h"

#include <dlfcn.h>
#include <filesystem>
#include <unistd.h>

namespace clrhost::platform {

unsigned long process_id() noexcept
{
    return static_cast<unsigned long>(::getpid());
}

std::string executable_path()
{
    std::error_code error;
    return std::filesystem::read_symlink("/proc/self/exe", error).string();
}

std::string module_path_of(const void* address)
{
    Dl_info info{};
    if (!::dladdr(address, &info) || !info.dli_fname)
        return {};
    return info.dli_fname;
}

std::string exported_symbol_at(const void* address)
{
    // dladdr names the nearest symbol below the address: only one starting at it is its name.
    Dl_info info{};
    if (!::dladdr(address, &info) || !info.dli_sname || info.dli_saddr != address)
        return {};
    return info.dli_sname;
}

std::tm utc_time(std::time_t time)
{
    std::tm utc{};
    ::gmtime_r(&time, &utc);
    return utc;
}

const char* shared_library_suffix() noexcept
{
    return ".so";
}

void* load_library(const std::string& path, std::string& error, Binding binding)
{
    void* library =
        ::dlopen(path.c_str(), (binding == Binding::Now ? RTLD_NOW : RTLD_LAZY) | RTLD_LOCAL);
    if (!library) {
        const char* reason = ::dlerror();
        error = reason ? reason : "cannot load " + path;
    }
    return library;
}

void* find_symbol(void* library, const char* name) noexcept
{
    return ::dlsym(library, name);
}

void free_library(void* library) noexcept
{
    ::dlclose(library);
}

} // namespace clrhost::platform
