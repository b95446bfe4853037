// What a driver knows about the call site of a transition, and a suite-defined companion of
// IHostTaskManager that receives it.
//
// IHostTaskManager's own methods carry at most a target address: EnterRuntime does not say which
// P/Invoke returned, ReverseEnterRuntime does not say which managed method is entered. The driver
// knows both, so it offers them to a task manager that answers IID_ISiteAwareTaskManager (the
// recorder does). A plain host never sees this interface.
#pragma once

#include "conformance/protocol/host_call.h"

#include <clrhost/hosting_abi.h>

#include <cstdint>

namespace clrhost {

struct TransitionSite {
    SIZE_T target = 0;                 // native function about to run; 0 when unknown
    const char* symbol = nullptr;      // its entry point name, null when unknown
    const char* library = nullptr;     // the library file it resolved to (or the import name)
    const char* method = nullptr;      // the managed method: P/Invoke, delegate Invoke or callback
    const char* assembly = nullptr;    // the assembly declaring that method
    const char* target_note = nullptr; // why target is 0, when the driver cannot know it
    bool framework = false;            // declared by the shared framework (System.*), not the app
    // Nonzero: the driver's name for this site, the same for every transition through it for as
    // long as the strings above stay as they are, so a recorder can know the site by it alone.
    std::uint64_t id = 0;
    // Neither the app's nor the framework's as far as the driver can tell: a framework delegate
    // type's Invoke (Action, ThreadStart) that the app may be calling as well as the framework.
    bool origin_unknown = false;
};

// What the driver presets CallNeedsHostHook's answer to: a host that returns without writing
// it leaves this value, which no host writes, so the recorder can tell (rule TM-HOOK).
inline constexpr BOOL kNeedsHookUnset = 0x7E57AB1E;

struct ISiteAwareTaskManager : IUnknown {
    virtual HRESULT CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook) = 0;
    virtual HRESULT LeaveRuntimeAt(const TransitionSite& site) = 0;
    virtual HRESULT EnterRuntimeAt(const TransitionSite& site) = 0;
    virtual HRESULT ReverseEnterRuntimeAt(const TransitionSite& site) = 0;
    virtual HRESULT ReverseLeaveRuntimeAt(const TransitionSite& site) = 0;
    // A transition the driver did not pass to the host because the host disabled the runtime
    // (it returned E_FAIL): the runtime still made it, the host was not told.
    virtual void TransitionSkipped(HostCall call, const TransitionSite& site) = 0;

protected:
    ~ISiteAwareTaskManager() = default;
};

// What the driver sees of threads besides their transitions, offered to a task manager that
// answers IID_IThreadEventSink (the recorder does): so a trace tells a thread that ended with
// layers open from one still running when the process exited (TM-BALANCE).
struct IThreadEventSink : IUnknown {
    // The runtime is done with the thread whose OS thread id this is (called on any thread).
    virtual void ThreadEnded(std::uint32_t os_thread_id) = 0;

protected:
    ~IThreadEventSink() = default;
};

// {3E8D2A41-7B5C-4C19-8F6A-0D2E4B1C9A77}
inline constexpr IID IID_IThreadEventSink{
    0x3E8D2A41, 0x7B5C, 0x4C19, {0x8F, 0x6A, 0x0D, 0x2E, 0x4B, 0x1C, 0x9A, 0x77}};

// {5C1A7E10-3D2B-4F6E-9A41-C1F0E2D3B4A5}
inline constexpr IID IID_ISiteAwareTaskManager{
    0x5C1A7E10, 0x3D2B, 0x4F6E, {0x9A, 0x41, 0xC1, 0xF0, 0xE2, 0xD3, 0xB4, 0xA5}};

// The IID QueryInterface answers the interface for (<clrhost/task_manager_base.h> asks it).
constexpr const IID& interface_iid(const ISiteAwareTaskManager*) noexcept
{
    return IID_ISiteAwareTaskManager;
}
constexpr const IID& interface_iid(const IThreadEventSink*) noexcept
{
    return IID_IThreadEventSink;
}

} // namespace clrhost
