// Sends the transitions of the app's own call sites to one host and everything else (the shared
// framework's P/Invokes, GetCurrentTask, scheduling calls) to another. With a GoogleMock host as
// the first, a test states exactly the app's calls while the runtime's own traffic still gets
// conforming answers.
#pragma once

#include <clrhost/hresult.h>
#include <clrhost/transition_site.h>

namespace clrhost::mocks {

class AppSiteRouter final : public IHostTaskManager, public ISiteAwareTaskManager {
public:
    // Both hosts must outlive the router's use; the router counts no references.
    AppSiteRouter(IHostTaskManager& app_host, IHostTaskManager& other_host)
        : app_(app_host), other_(other_host)
    {
    }

    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (riid == IID_IUnknown || riid == IID_IHostTaskManager)
            *object = static_cast<IHostTaskManager*>(this);
        else if (riid == IID_ISiteAwareTaskManager)
            *object = static_cast<ISiteAwareTaskManager*>(this);
        else
            *object = nullptr;
        return *object ? S_OK : E_NOINTERFACE;
    }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }

    HRESULT CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook) override
    {
        return pick(site).CallNeedsHostHook(site.target, needs_hook);
    }
    HRESULT LeaveRuntimeAt(const TransitionSite& site) override
    {
        return pick(site).LeaveRuntime(site.target);
    }
    HRESULT EnterRuntimeAt(const TransitionSite& site) override
    {
        return pick(site).EnterRuntime();
    }
    HRESULT ReverseEnterRuntimeAt(const TransitionSite& site) override
    {
        return pick(site).ReverseEnterRuntime();
    }
    HRESULT ReverseLeaveRuntimeAt(const TransitionSite& site) override
    {
        return pick(site).ReverseLeaveRuntime();
    }

    void TransitionSkipped(TransitionCall, const TransitionSite&) override {}

    // Without a site the call cannot be attributed to the app: it goes to the other host.
    HRESULT GetCurrentTask(IHostTask** task) override { return other_.GetCurrentTask(task); }
    HRESULT CreateTask(DWORD size, LPTHREAD_START_ROUTINE start, PVOID parameter,
                       IHostTask** task) override
    {
        return other_.CreateTask(size, start, parameter, task);
    }
    HRESULT Sleep(DWORD ms, DWORD option) override { return other_.Sleep(ms, option); }
    HRESULT SwitchToTask(DWORD option) override { return other_.SwitchToTask(option); }
    HRESULT SetUILocale(LCID lcid) override { return other_.SetUILocale(lcid); }
    HRESULT SetLocale(LCID lcid) override { return other_.SetLocale(lcid); }
    HRESULT CallNeedsHostHook(SIZE_T target, BOOL* needs_hook) override
    {
        return other_.CallNeedsHostHook(target, needs_hook);
    }
    HRESULT LeaveRuntime(SIZE_T target) override { return other_.LeaveRuntime(target); }
    HRESULT EnterRuntime() override { return other_.EnterRuntime(); }
    HRESULT ReverseLeaveRuntime() override { return other_.ReverseLeaveRuntime(); }
    HRESULT ReverseEnterRuntime() override { return other_.ReverseEnterRuntime(); }
    HRESULT BeginDelayAbort() override { return other_.BeginDelayAbort(); }
    HRESULT EndDelayAbort() override { return other_.EndDelayAbort(); }
    HRESULT BeginThreadAffinity() override { return other_.BeginThreadAffinity(); }
    HRESULT EndThreadAffinity() override { return other_.EndThreadAffinity(); }
    HRESULT SetStackGuarantee(ULONG value) override { return other_.SetStackGuarantee(value); }
    HRESULT GetStackGuarantee(ULONG* value) override { return other_.GetStackGuarantee(value); }
    HRESULT SetCLRTaskManager(ICLRTaskManager* manager) override
    {
        return other_.SetCLRTaskManager(manager);
    }

private:
    IHostTaskManager& pick(const TransitionSite& site) { return site.framework ? other_ : app_; }

    IHostTaskManager& app_;
    IHostTaskManager& other_;
};

} // namespace clrhost::mocks
