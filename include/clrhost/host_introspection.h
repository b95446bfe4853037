// Optional introspection a host may offer: its own view of the calling thread's open layers.
// The recorder asks for it after every transition call and the trace keeps the answer, so the
// rules can hold the host's bookkeeping against the transitions the runtime really made
// (rule TM-BOOKKEEPING, docs/PROTOCOL.md). A host answers it from QueryInterface.
#pragma once

#include <clrhost/hosting_abi.h>

#include <cstdint>

namespace clrhost {

// What opened a layer: LeaveRuntime (the thread runs unmanaged code inside it) or
// ReverseEnterRuntime (managed code). The values are the letters the trace uses.
enum class HostLayer : std::uint8_t { Unmanaged = 'U', Managed = 'M' };

struct IHostLayerIntrospection : IUnknown {
    // Writes up to capacity layers of the calling thread, outermost first, and the number the
    // host holds to *count (which may exceed capacity: ask again with more room). S_OK.
    virtual HRESULT GetCurrentThreadLayers(HostLayer* layers, ULONG capacity, ULONG* count) = 0;

protected:
    ~IHostLayerIntrospection() = default;
};

// {3E7A9C41-8B2D-4F10-A6C3-2D9E5B7F0A18}
inline constexpr IID IID_IHostLayerIntrospection{
    0x3E7A9C41, 0x8B2D, 0x4F10, {0xA6, 0xC3, 0x2D, 0x9E, 0x5B, 0x7F, 0x0A, 0x18}};

// The IID QueryInterface answers the interface for (task_manager_base.h asks it).
constexpr const IID& interface_iid(const IHostLayerIntrospection*) noexcept
{
    return IID_IHostLayerIntrospection;
}

} // namespace clrhost
