#include "conformance/trace/trace_call.h"

#include <array>

namespace clrhost::trace {
namespace {

constexpr std::array<std::string_view, 6> kCallNames{
    "GetCurrentTask", "CallNeedsHostHook",   "LeaveRuntime",
    "EnterRuntime",   "ReverseEnterRuntime", "ReverseLeaveRuntime",
};

} // namespace

std::string_view call_name(CallKind call) noexcept
{
    return kCallNames.at(static_cast<std::size_t>(call));
}

std::optional<CallKind> parse_call_name(std::string_view name) noexcept
{
    for (std::size_t i = 0; i < kCallNames.size(); ++i)
        if (kCallNames[i] == name)
            return static_cast<CallKind>(i);
    return std::nullopt;
}

} // namespace clrhost::trace
