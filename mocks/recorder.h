// The recorder: an IHostTaskManager that stands in front of any host, forwards every call to it
// unchanged and records the call (order, thread, arguments, the host's HRESULT) in the trace.
#pragma once

#include <clrhost/com_ptr.h>
#include <clrhost/host_introspection.h>
#include <clrhost/transition_site.h>

#include "trace_call.h"
#include "trace_recording.h"

namespace clrhost::mocks {

class Recorder final : public IHostTaskManager,
                       public ISiteAwareTaskManager,
                       private RefCounted<Recorder> {
public:
    // The recording must outlive every call the recorder can still receive.
    Recorder(ComPtr<IHostTaskManager> host, trace::TraceRecording& recording);

    HRESULT QueryInterface(const IID& riid, void** object) override;
    ULONG AddRef() override { return add_ref(); }
    ULONG Release() override { return release(); }

    HRESULT GetCurrentTask(IHostTask** task) override;
    HRESULT CreateTask(DWORD stack_size, LPTHREAD_START_ROUTINE start, PVOID parameter,
                       IHostTask** task) override;
    HRESULT Sleep(DWORD milliseconds, DWORD option) override;
    HRESULT SwitchToTask(DWORD option) override;
    HRESULT SetUILocale(LCID lcid) override;
    HRESULT SetLocale(LCID lcid) override;
    HRESULT CallNeedsHostHook(SIZE_T target, BOOL* needs_hook) override;
    HRESULT LeaveRuntime(SIZE_T target) override;
    HRESULT EnterRuntime() override;
    HRESULT ReverseLeaveRuntime() override;
    HRESULT ReverseEnterRuntime() override;
    HRESULT BeginDelayAbort() override;
    HRESULT EndDelayAbort() override;
    HRESULT BeginThreadAffinity() override;
    HRESULT EndThreadAffinity() override;
    HRESULT SetStackGuarantee(ULONG guarantee) override;
    HRESULT GetStackGuarantee(ULONG* guarantee) override;
    HRESULT SetCLRTaskManager(ICLRTaskManager* clr_task_manager) override;

    HRESULT CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook) override;
    HRESULT LeaveRuntimeAt(const TransitionSite& site) override;
    HRESULT EnterRuntimeAt(const TransitionSite& site) override;
    HRESULT ReverseEnterRuntimeAt(const TransitionSite& site) override;
    HRESULT ReverseLeaveRuntimeAt(const TransitionSite& site) override;
    void TransitionSkipped(TransitionCall call, const TransitionSite& site) override;

private:
    friend class RefCounted<Recorder>;

    // The host's view, as "UMU" (trace::TraceCall::host_layers): valid until the thread's next
    // call.
    std::string_view host_layers() const;
    HRESULT forward(trace::CallKind call, const TransitionSite* site, const BOOL* needs_hook,
                    auto&& host_call);
    void record(trace::CallKind call, const TransitionSite* site, HRESULT result,
                const BOOL* needs_hook = nullptr, bool skipped = false);

    ComPtr<IHostTaskManager> host_;
    ComPtr<ISiteAwareTaskManager> site_aware_host_; // when the host takes sites too
    ComPtr<IHostLayerIntrospection> introspection_; // when the host shows its bookkeeping
    trace::TraceRecording& recording_;
};

} // namespace clrhost::mocks
