#include "windows_error.h"

#include <windows.h>

#include <fmt/format.h>

namespace clrhost::platform {

std::string windows_error_text(unsigned long code)
{
    char text[512] = {};
    const auto length = ::FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                         nullptr, code, 0, text, sizeof text, nullptr);
    std::string message(text, length);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                                message.back() == '.' || message.back() == ' '))
        message.pop_back();
    return message.empty() ? fmt::format("Windows error {}", code)
                           : fmt::format("{} (error {})", message, code);
}

} // namespace clrhost::platform
