// The platform seam for what a process knows of itself and of the libraries it loads: its own
// executable, the file a code address belongs to and the name it is exported by, shared
// libraries (dlopen, LoadLibraryW), and UTC calendar time (gmtime_r, gmtime_s).
// conformance/platform/posix/process.cpp and conformance/platform/windows/process.cpp implement it.
#pragma once

#include <ctime>
#include <string>

namespace clrhost::platform {

// This process's id (getpid, GetCurrentProcessId).
unsigned long process_id() noexcept;
// The running executable's absolute path ("" if the system does not say).
std::string executable_path();
// The file of the module (executable or shared library) that holds `address`, or "".
std::string module_path_of(const void* address);
// The name the module that holds `address` exports it by: "" unless an export of that module
// starts exactly at `address` (a forwarded export, which names another module's code, is not
// one). Names a native function from nothing but its address, as a runtime's LeaveRuntime
// gives it.
std::string exported_symbol_at(const void* address);
// The calendar time of `time` in UTC.
std::tm utc_time(std::time_t time);

// A shared library's file name ending: ".so", ".dll".
const char* shared_library_suffix() noexcept;
// When a loaded library's own imports are bound: all at once, or at first use (POSIX only;
// Windows binds a DLL's imports as it loads it).
enum class Binding { Now, Lazy };
// Loads the shared library at `path` (an absolute path, or a bare name the system searches for)
// with its symbols private to it; null with the system's reason in `error` when it cannot.
void* load_library(const std::string& path, std::string& error, Binding binding = Binding::Now);
void* find_symbol(void* library, const char* name) noexcept;
void free_library(void* library) noexcept;

} // namespace clrhost::platform
