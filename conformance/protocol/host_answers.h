// What the documentation lets a host answer: the HRESULTs each call's page lists (TM-HR-CODES).
// The rules engine judges traces with it and the exerciser judges a host's live answers.
#pragma once

#include "conformance/protocol/host_call.h"

#include <clrhost/hresult.h>

namespace clrhost {

inline constexpr bool documented_answer(HostCall call, HRESULT value) noexcept
{
    switch (value) {
    case S_OK:
    case HOST_E_CLRNOTAVAILABLE:
    case HOST_E_TIMEOUT:
    case HOST_E_NOT_OWNER:
    case HOST_E_ABANDONED:
    case E_FAIL:
        return true;
    case E_OUTOFMEMORY:
        return call != HostCall::CallNeedsHostHook; // its page does not list E_OUTOFMEMORY
    default:
        return false;
    }
}

} // namespace clrhost
