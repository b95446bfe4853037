// The protocol's calls: the IHostTaskManager methods a driver makes for the transition protocol,
// in one enum for every stage (the bridge makes them, the recorder records them, the trace names
// them, the rules judge them). GetCurrentTask comes first: the runtime asks it before a thread's
// first transition. The trace's "call" field is call_name()'s text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace clrhost {

enum class HostCall : std::uint32_t {
    GetCurrentTask,
    CallNeedsHostHook,
    LeaveRuntime,     // opens a P/Invoke
    EnterRuntime,     // closes it
    ReverseEnterRuntime, // opens a call from native code into managed code
    ReverseLeaveRuntime, // closes it
};

inline constexpr std::size_t kHostCallCount = 6;

inline constexpr std::array<std::string_view, kHostCallCount> kHostCallNames{
    "GetCurrentTask", "CallNeedsHostHook",   "LeaveRuntime",
    "EnterRuntime",   "ReverseEnterRuntime", "ReverseLeaveRuntime",
};

constexpr std::string_view call_name(HostCall call) noexcept
{
    return kHostCallNames[static_cast<std::size_t>(call)];
}

constexpr std::optional<HostCall> parse_call_name(std::string_view name) noexcept
{
    for (std::size_t i = 0; i < kHostCallNames.size(); ++i)
        if (kHostCallNames[i] == name)
            return static_cast<HostCall>(i);
    return std::nullopt;
}

} // namespace clrhost
