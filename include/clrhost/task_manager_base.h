// Bases for an IHostTaskManager, so that a task manager writes only what it does differently.
//
// IHostTaskManager has 18 methods besides IUnknown's, and the transition protocol (the calls the
// suite checks) is six of them: GetCurrentTask, CallNeedsHostHook, LeaveRuntime, EnterRuntime,
// ReverseEnterRuntime, ReverseLeaveRuntime. The others schedule (CreateTask, Sleep,
// SwitchToTask, the locale, abort, affinity and stack-guarantee calls, SetCLRTaskManager).
//
//   TaskManagerBase        a host: IUnknown, and the scheduling calls answered as a host that
//                          runs every task on its own OS thread answers them (see below). The
//                          host writes the six protocol calls.
//   ForwardingTaskManager  a layer in front of another task manager: IUnknown, and every one of
//                          the 18 calls forwarded to it. The layer overrides the calls it changes.
//
// Both answer QueryInterface for IID_IUnknown and IID_IHostTaskManager, and for each optional
// interface named after the lifetime (IHostLayerIntrospection, say): the class derives from it
// and implements it. No call of the protocol goes through anything but the derived class's own
// override: the bases add no virtual call and no atomic to LeaveRuntime or EnterRuntime.
// C++17, header-only.
#pragma once

#include <clrhost/com_ptr.h>
#include <clrhost/host_introspection.h>
#include <clrhost/hosting_abi.h>
#include <clrhost/hresult.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <utility>

namespace clrhost {

// Who keeps a task manager alive.
enum class Lifetime {
    // A reference count, starting at 1 (make_com); the object deletes itself at zero. What a
    // plug-in's create_task_manager hands out.
    Counted,
    // Its owner (a test's local, a member): AddRef and Release count nothing and answer 1, so
    // the object must outlive every caller.
    Borrowed,
};

namespace detail {

template <Lifetime> class ReferenceCount;

template <> class ReferenceCount<Lifetime::Counted> {
protected:
    ULONG add_reference() noexcept { return count_.fetch_add(1, std::memory_order_relaxed) + 1; }
    ULONG drop_reference() noexcept { return count_.fetch_sub(1, std::memory_order_acq_rel) - 1; }

private:
    std::atomic<ULONG> count_{1};
};

template <> class ReferenceCount<Lifetime::Borrowed> {
protected:
    static ULONG add_reference() noexcept { return 1; }
    static ULONG drop_reference() noexcept { return 1; }
};

// IUnknown for a task manager of type Derived that also implements Optional...
template <class Derived, Lifetime lifetime, class... Optional>
class TaskManagerUnknown : public IHostTaskManager,
                           public Optional...,
                           private ReferenceCount<lifetime> {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (!object)
            return E_POINTER;
        *object = interface_for(riid);
        if (!*object)
            return E_NOINTERFACE;
        AddRef();
        return S_OK;
    }
    ULONG AddRef() override { return this->add_reference(); }
    ULONG Release() override
    {
        const ULONG left = this->drop_reference();
        if constexpr (lifetime == Lifetime::Counted)
            if (left == 0)
                std::unique_ptr<Derived> dying(static_cast<Derived*>(this));
        return left;
    }

private:
    void* interface_for(const IID& riid) noexcept
    {
        if (riid == IID_IUnknown || riid == IID_IHostTaskManager)
            return static_cast<IHostTaskManager*>(this);
        void* found = nullptr;
        ((found = found ? found : offered<Optional>(riid)), ...);
        return found;
    }
    // An optional interface says its IID through interface_iid(const Interface*), declared next
    // to the interface (host_introspection.h has IHostLayerIntrospection's).
    template <class Interface> void* offered(const IID& riid) noexcept
    {
        return riid == interface_iid(static_cast<const Interface*>(nullptr))
                   ? static_cast<Interface*>(this)
                   : nullptr;
    }
};

} // namespace detail

// One of an object's optional interfaces, with a reference of its own, or null when it has
// none: a layer asks its inner task manager once, not per call.
template <class Interface> ComPtr<Interface> query_interface(IUnknown& object)
{
    void* found = nullptr;
    if (failed(
            object.QueryInterface(interface_iid(static_cast<const Interface*>(nullptr)), &found)))
        return nullptr;
    return ComPtr<Interface>::adopt(static_cast<Interface*>(found));
}

// A host: write GetCurrentTask and the five transition calls (and any optional interface).
// The scheduling calls are answered as a host that runs every task on its own OS thread and
// makes no threads for the runtime answers them (docs/PLUGIN.md: the suite does not check
// them); override one to schedule.
template <class Derived, Lifetime lifetime, class... Optional>
class TaskManagerBase : public detail::TaskManagerUnknown<Derived, lifetime, Optional...> {
public:
    // E_NOTIMPL, and no task: right for a runtime that makes its own threads (CoreCLR, Mono
    // never ask). The .NET Framework, given a task manager, makes its threads through this call
    // (from its source; not yet observed), so a host for it overrides it. Not done here: the new
    // thread's GetCurrentTask must answer the created task, and the per-thread state that
    // decides it is the host's (docs/PLUGIN.md: what the suite's reference host does).
    HRESULT CreateTask(DWORD, LPTHREAD_START_ROUTINE, PVOID, IHostTask** task) override
    {
        if (task)
            *task = nullptr;
        return E_NOTIMPL;
    }
    // Sleeps the calling thread; the option (alertable) has nothing to alert here.
    HRESULT Sleep(DWORD milliseconds, DWORD) override
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
        return S_OK;
    }
    // Each task is its OS thread: nothing to switch to, nothing to pin, no abort to delay.
    HRESULT SwitchToTask(DWORD) override { return S_OK; }
    HRESULT SetUILocale(LCID) override { return S_OK; }
    HRESULT SetLocale(LCID) override { return S_OK; }
    HRESULT BeginDelayAbort() override { return S_OK; }
    HRESULT EndDelayAbort() override { return S_OK; }
    HRESULT BeginThreadAffinity() override { return S_OK; }
    HRESULT EndThreadAffinity() override { return S_OK; }
    // Kept and given back: the OS thread's stack is what it is.
    HRESULT SetStackGuarantee(ULONG guarantee) override
    {
        stack_guarantee_.store(guarantee, std::memory_order_relaxed);
        return S_OK;
    }
    HRESULT GetStackGuarantee(ULONG* guarantee) override
    {
        if (!guarantee)
            return E_POINTER;
        *guarantee = stack_guarantee_.load(std::memory_order_relaxed);
        return S_OK;
    }
    HRESULT SetCLRTaskManager(ICLRTaskManager*) override { return S_OK; }

private:
    std::atomic<ULONG> stack_guarantee_{0};
};

// A layer in front of another task manager, inner_: every call goes to it unless the layer
// overrides the call. Inner is how the layer holds it: ComPtr<IHostTaskManager> (or of a
// concrete host) owns a reference, a plain pointer borrows it.
template <class Derived, Lifetime lifetime, class Inner, class... Optional>
class ForwardingTaskManager : public detail::TaskManagerUnknown<Derived, lifetime, Optional...> {
public:
    HRESULT GetCurrentTask(IHostTask** task) override { return inner_->GetCurrentTask(task); }
    HRESULT CreateTask(DWORD stack_size, LPTHREAD_START_ROUTINE start, PVOID parameter,
                       IHostTask** task) override
    {
        return inner_->CreateTask(stack_size, start, parameter, task);
    }
    HRESULT Sleep(DWORD milliseconds, DWORD option) override
    {
        return inner_->Sleep(milliseconds, option);
    }
    HRESULT SwitchToTask(DWORD option) override { return inner_->SwitchToTask(option); }
    HRESULT SetUILocale(LCID lcid) override { return inner_->SetUILocale(lcid); }
    HRESULT SetLocale(LCID lcid) override { return inner_->SetLocale(lcid); }
    HRESULT CallNeedsHostHook(SIZE_T target, BOOL* needs_hook) override
    {
        return inner_->CallNeedsHostHook(target, needs_hook);
    }
    HRESULT LeaveRuntime(SIZE_T target) override { return inner_->LeaveRuntime(target); }
    HRESULT EnterRuntime() override { return inner_->EnterRuntime(); }
    HRESULT ReverseLeaveRuntime() override { return inner_->ReverseLeaveRuntime(); }
    HRESULT ReverseEnterRuntime() override { return inner_->ReverseEnterRuntime(); }
    HRESULT BeginDelayAbort() override { return inner_->BeginDelayAbort(); }
    HRESULT EndDelayAbort() override { return inner_->EndDelayAbort(); }
    HRESULT BeginThreadAffinity() override { return inner_->BeginThreadAffinity(); }
    HRESULT EndThreadAffinity() override { return inner_->EndThreadAffinity(); }
    HRESULT SetStackGuarantee(ULONG guarantee) override
    {
        return inner_->SetStackGuarantee(guarantee);
    }
    HRESULT GetStackGuarantee(ULONG* guarantee) override
    {
        return inner_->GetStackGuarantee(guarantee);
    }
    HRESULT SetCLRTaskManager(ICLRTaskManager* clr_task_manager) override
    {
        return inner_->SetCLRTaskManager(clr_task_manager);
    }

protected:
    explicit ForwardingTaskManager(Inner inner) : inner_(std::move(inner)) {}

    Inner inner_;
};

} // namespace clrhost
