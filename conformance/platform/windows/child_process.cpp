// The child process seam on Windows (conformance/platform/child_process.h): CreateProcessW,
// suspended until it is in a job object that kills everything in it when the job is closed or
// terminated (the process group's part on POSIX). A process that dies of an unhandled exception
// exits with the exception's code (0xC0000005 for an access violation): that is its "signal".
#include "conformance/platform/child_process.h"

#include "windows_error.h"

#include <windows.h>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <utility>

namespace clrhost::platform {

namespace {

HANDLE handle_of(std::intptr_t native)
{
    return reinterpret_cast<HANDLE>(native);
}

// One argument as CommandLineToArgvW reads it back: quoted when it has to be, backslashes
// doubled only before a quote.
std::wstring quoted(const std::wstring& arg)
{
    if (!arg.empty() && arg.find_first_of(L" \t\"") == std::wstring::npos)
        return arg;
    std::wstring out = L"\"";
    std::size_t backslashes = 0;
    for (const auto c : arg) {
        if (c == L'\\') {
            ++backslashes;
            continue;
        }
        out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
        backslashes = 0;
        out += c;
    }
    out.append(backslashes * 2, L'\\');
    return out + L"\"";
}

struct ExceptionName {
    DWORD code;
    const char* name;
    const char* posix; // the signal scenarios name for it
};
constexpr std::array kExceptions{
    ExceptionName{0xC0000005u, "EXCEPTION_ACCESS_VIOLATION", "SIGSEGV"},
    ExceptionName{0xC0000006u, "EXCEPTION_IN_PAGE_ERROR", "SIGBUS"},
    ExceptionName{0xC000001Du, "EXCEPTION_ILLEGAL_INSTRUCTION", "SIGILL"},
    ExceptionName{0xC0000409u, "STATUS_STACK_BUFFER_OVERRUN (fail fast, abort)", "SIGABRT"},
    ExceptionName{0xC00000FDu, "EXCEPTION_STACK_OVERFLOW", nullptr},
    ExceptionName{0xC0000094u, "EXCEPTION_INT_DIVIDE_BY_ZERO", nullptr},
};

// Exit codes of 0xC0000000 and above are NTSTATUS errors: the process died of one.
bool is_exception_code(DWORD code)
{
    return code >= 0xC0000000u;
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
                           std::chrono::milliseconds time_limit)
    : deadline_(std::chrono::steady_clock::now() + time_limit)
{
    auto fail = [&](const std::string& what) {
        return std::runtime_error(fmt::format("cannot start {}: {}: {}", argv.front(), what,
                                              windows_error_text(::GetLastError())));
    };
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    const auto log = std::filesystem::path(log_path).wstring();
    HANDLE output = ::CreateFileW(log.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                  &inherit, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (output == INVALID_HANDLE_VALUE)
        throw fail(log_path);
    HANDLE input = ::CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                                 OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    std::wstring command_line;
    for (const auto& arg : argv)
        command_line +=
            (command_line.empty() ? L"" : L" ") + quoted(std::filesystem::path(arg).wstring());
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = output;
    startup.hStdError = output;
    startup.hStdInput = input;
    PROCESS_INFORMATION started{};
    const auto program = std::filesystem::path(argv.front()).wstring();
    const bool ok =
        ::CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                         CREATE_SUSPENDED | CREATE_NO_WINDOW, nullptr, nullptr, &startup, &started);
    const auto error = ::GetLastError();
    ::CloseHandle(output);
    if (input != INVALID_HANDLE_VALUE)
        ::CloseHandle(input);
    if (!ok) {
        ::SetLastError(error);
        throw fail("CreateProcessW");
    }
    process_ = reinterpret_cast<std::intptr_t>(started.hProcess);
    HANDLE job = ::CreateJobObjectW(nullptr, nullptr);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (job &&
        ::SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits) &&
        ::AssignProcessToJobObject(job, started.hProcess))
        group_ = reinterpret_cast<std::intptr_t>(job);
    else if (job)
        ::CloseHandle(job);
    ::ResumeThread(started.hThread);
    ::CloseHandle(started.hThread);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : process_(std::exchange(other.process_, -1)), group_(std::exchange(other.group_, -1)),
      deadline_(other.deadline_), end_(other.end_)
{
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept
{
    ChildProcess replaced(std::move(*this)); // its destructor ends a child still running
    process_ = std::exchange(other.process_, -1);
    group_ = std::exchange(other.group_, -1);
    deadline_ = other.deadline_;
    end_ = other.end_;
    return *this;
}

ChildProcess::~ChildProcess()
{
    if (process_ != -1) {
        kill_all();
        ::WaitForSingleObject(handle_of(process_), INFINITE);
        ::CloseHandle(handle_of(process_));
    }
    if (group_ != -1)
        ::CloseHandle(handle_of(group_));
}

void ChildProcess::kill_all() noexcept
{
    if (group_ == -1 || !::TerminateJobObject(handle_of(group_), 1))
        ::TerminateProcess(handle_of(process_), 1);
}

bool ChildProcess::poll()
{
    if (process_ == -1)
        return true;
    const auto process = handle_of(process_);
    if (::WaitForSingleObject(process, 0) == WAIT_TIMEOUT) {
        if (std::chrono::steady_clock::now() < deadline_)
            return false;
        kill_all(); // nothing the scenario started survives it
        ::WaitForSingleObject(process, INFINITE);
        end_.timed_out = true;
    }
    DWORD code = 0;
    ::GetExitCodeProcess(process, &code);
    ::CloseHandle(process);
    process_ = -1;
    if (!end_.timed_out && is_exception_code(code)) {
        end_.signalled = true;
        end_.signal = static_cast<int>(code);
    } else {
        end_.exit_code = static_cast<int>(code);
    }
    return true;
}

const ChildEnd& ChildProcess::wait()
{
    while (!poll())
        std::this_thread::sleep_for(kPollInterval);
    return end_;
}

std::string signal_name(int signal)
{
    const auto code = static_cast<DWORD>(signal);
    for (const auto& exception : kExceptions)
        if (exception.code == code)
            return fmt::format("{} (0x{:08X})", exception.name, code);
    return fmt::format("exception 0x{:08X}", code);
}

std::optional<int> signal_number(const std::string& name)
{
    for (const auto& exception : kExceptions)
        if (exception.posix && name == exception.posix)
            return static_cast<int>(exception.code);
    return std::nullopt;
}

} // namespace clrhost::platform
