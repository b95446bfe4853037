// The protocol model: which host calls a transition owes, given the host's own answers. The bridge
// decides with it what to call next, and the verdict derives with it what a host must have
// received from a scenario's app actions and the answers in the trace, so the two cannot
// disagree. Every function is a constexpr branch or two: the bridge calls them on every P/Invoke.
//
//   P/Invoke:  CallNeedsHostHook -> TRUE  -> LeaveRuntime -> succeeded -> ... EnterRuntime
//                                                         -> failed    -> ... (nothing)
//                                -> FALSE (or unwritten)  -> ... (nothing)
//   callback:  ReverseEnterRuntime -> exactly S_OK -> ... ReverseLeaveRuntime
//                                  -> anything else -> ... (nothing)
//   E_FAIL from any call: the runtime is unusable; every later transition is skipped (the driver
//   calls the host no more and records the transition "skipped").
#pragma once

#include "conformance/protocol/host_call.h"
#include "conformance/protocol/transition_site.h"

#include <clrhost/hresult.h>

#include <cstdint>
#include <optional>

namespace clrhost::protocol {

// What an opening call left open: what its closing call must be.
enum class Opened : std::uint8_t {
    Nothing,  // no hook wanted, or the opening call failed: no closing call
    WithHost, // the host opened a layer: it gets the closing call
    Skipped,  // opened while the runtime was disabled: the closing call is skipped too
};

// What a transition's close owes the host.
enum class Owed : std::uint8_t { Nothing, HostCall, SkippedCall };

// "When a method returns E_FAIL, the CLR is no longer usable within the process."
constexpr bool disables_runtime(HRESULT result) noexcept
{
    return result == E_FAIL;
}

// CallNeedsHostHook's answer as written, used even when the call failed. An answer left
// unwritten (kNeedsHookUnset) means no hooks; TM-HOOK reports it.
constexpr bool wants_hooks(BOOL answer) noexcept
{
    return answer != FALSE_ && answer != kNeedsHookUnset;
}

// The same for an answer as a trace records it (null: unwritten).
constexpr bool wants_hooks(std::optional<bool> answer) noexcept
{
    return answer.value_or(false);
}

constexpr Opened opened_by_leave(HRESULT left) noexcept
{
    return succeeded(left) ? Opened::WithHost : Opened::Nothing;
}

// Exactly S_OK: anything else, S_FALSE included, is a failed ReverseEnterRuntime.
constexpr Opened opened_by_reverse_enter(HRESULT entered) noexcept
{
    return entered == S_OK ? Opened::WithHost : Opened::Nothing;
}

// The opening call a transition makes while the runtime is disabled is skipped; so is a
// LeaveRuntime whose CallNeedsHostHook disabled it.
constexpr Opened opened_while_disabled() noexcept
{
    return Opened::Skipped;
}

constexpr Owed owed_on_close(Opened opened, bool runtime_disabled) noexcept
{
    if (opened == Opened::Nothing)
        return Owed::Nothing;
    return opened == Opened::WithHost && !runtime_disabled ? Owed::HostCall : Owed::SkippedCall;
}

// A call the host received and failed, although the protocol let the driver make it: on the
// .NET Framework the app sees the failure. S_FALSE fails only the reverse calls; a failed
// CallNeedsHostHook is ignored (its answer is used) unless it is E_FAIL.
constexpr bool legal_call_failed(HostCall call, HRESULT result) noexcept
{
    switch (call) {
    case HostCall::GetCurrentTask:
    case HostCall::CallNeedsHostHook:
        return disables_runtime(result);
    case HostCall::ReverseEnterRuntime:
    case HostCall::ReverseLeaveRuntime:
        return result != S_OK;
    case HostCall::LeaveRuntime:
    case HostCall::EnterRuntime:
        return failed(result);
    }
    return false;
}

} // namespace clrhost::protocol
