// Injects host failures: stands between the recorder and the host, numbers the app's own
// transition calls of each kind (framework call sites do not count; counting per kind keeps the
// Nth LeaveRuntime a LeaveRuntime whichever thread gets there first) and asks a GoogleMock
// function whether the Nth is to fail. A failed opening call (LeaveRuntime, ReverseEnterRuntime) is answered here
// and never reaches the host, as it opens nothing; a failed closing call reaches it, since the
// layer closes whatever the answer. So the host's bookkeeping stays what the transitions make it.
#pragma once

#include <clrhost/com_ptr.h>
#include <clrhost/host_introspection.h>
#include <clrhost/hresult.h>
#include <clrhost/transition_site.h>

#include <gmock/gmock.h>

#include <array>
#include <atomic>

namespace clrhost::mocks {

class FaultInjector final : public IHostTaskManager,
                            public ISiteAwareTaskManager,
                            public IHostLayerIntrospection {
public:
    explicit FaultInjector(ComPtr<IHostTaskManager> host);

    // Answers S_OK (no fault) unless a test or --inject says otherwise for (call, ordinal),
    // ordinal counting the app's calls of that kind from 1.
    ::testing::NiceMock<::testing::MockFunction<HRESULT(TransitionCall, std::uint64_t)>> fault;

    HRESULT QueryInterface(const IID& riid, void** object) override;
    ULONG AddRef() override { return 1; } // lives as long as the run: owned by its caller
    ULONG Release() override { return 1; }

    HRESULT CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook) override;
    HRESULT LeaveRuntimeAt(const TransitionSite& site) override;
    HRESULT EnterRuntimeAt(const TransitionSite& site) override;
    HRESULT ReverseEnterRuntimeAt(const TransitionSite& site) override;
    HRESULT ReverseLeaveRuntimeAt(const TransitionSite& site) override;
    void TransitionSkipped(TransitionCall, const TransitionSite&) override {}

    HRESULT GetCurrentTask(IHostTask** task) override { return host_->GetCurrentTask(task); }
    HRESULT CreateTask(DWORD size, LPTHREAD_START_ROUTINE start, PVOID parameter,
                       IHostTask** task) override
    {
        return host_->CreateTask(size, start, parameter, task);
    }
    HRESULT Sleep(DWORD ms, DWORD option) override { return host_->Sleep(ms, option); }
    HRESULT SwitchToTask(DWORD option) override { return host_->SwitchToTask(option); }
    HRESULT SetUILocale(LCID lcid) override { return host_->SetUILocale(lcid); }
    HRESULT SetLocale(LCID lcid) override { return host_->SetLocale(lcid); }
    HRESULT CallNeedsHostHook(SIZE_T target, BOOL* needs_hook) override;
    HRESULT LeaveRuntime(SIZE_T target) override;
    HRESULT EnterRuntime() override;
    HRESULT ReverseLeaveRuntime() override;
    HRESULT ReverseEnterRuntime() override;
    HRESULT BeginDelayAbort() override { return host_->BeginDelayAbort(); }
    HRESULT EndDelayAbort() override { return host_->EndDelayAbort(); }
    HRESULT BeginThreadAffinity() override { return host_->BeginThreadAffinity(); }
    HRESULT EndThreadAffinity() override { return host_->EndThreadAffinity(); }
    HRESULT SetStackGuarantee(ULONG value) override { return host_->SetStackGuarantee(value); }
    HRESULT GetStackGuarantee(ULONG* value) override { return host_->GetStackGuarantee(value); }
    HRESULT SetCLRTaskManager(ICLRTaskManager* manager) override
    {
        return host_->SetCLRTaskManager(manager);
    }
    HRESULT GetCurrentThreadLayers(HostLayer* layers, ULONG capacity, ULONG* count) override;

    // Makes the app's ordinal-th call of this kind fail with result: the usual use.
    void fail_call(TransitionCall call, std::uint64_t ordinal, HRESULT result);

private:
    // The injected answer for an app call, or nothing to let it through.
    std::optional<HRESULT> injected(TransitionCall call, const TransitionSite& site);

    ComPtr<IHostTaskManager> host_;
    ComPtr<IHostLayerIntrospection> introspection_;
    std::array<std::atomic<std::uint64_t>, 5> app_calls_{}; // per TransitionCall
};

} // namespace clrhost::mocks
