#include "recorder.h"

#include <clrhost/hresult.h>

#include <cerrno>
#include <unistd.h>
#include <vector>

namespace clrhost::mocks {

using trace::CallKind;

constexpr CallKind call_kind(TransitionCall call)
{
    return static_cast<CallKind>(static_cast<int>(call) + 1);
}
static_assert(call_kind(TransitionCall::CallNeedsHostHook) == CallKind::CallNeedsHostHook);
static_assert(call_kind(TransitionCall::LeaveRuntime) == CallKind::LeaveRuntime);
static_assert(call_kind(TransitionCall::EnterRuntime) == CallKind::EnterRuntime);
static_assert(call_kind(TransitionCall::ReverseEnterRuntime) == CallKind::ReverseEnterRuntime);
static_assert(call_kind(TransitionCall::ReverseLeaveRuntime) == CallKind::ReverseLeaveRuntime);

Recorder::Recorder(ComPtr<IHostTaskManager> host, trace::TraceRecording& recording)
    : host_(std::move(host)), recording_(recording)
{
    void* site_aware = nullptr;
    if (succeeded(host_->QueryInterface(IID_ISiteAwareTaskManager, &site_aware)) && site_aware)
        site_aware_host_ =
            ComPtr<ISiteAwareTaskManager>::adopt(static_cast<ISiteAwareTaskManager*>(site_aware));
    void* introspection = nullptr;
    if (succeeded(host_->QueryInterface(IID_IHostLayerIntrospection, &introspection)) &&
        introspection)
        introspection_ = ComPtr<IHostLayerIntrospection>::adopt(
            static_cast<IHostLayerIntrospection*>(introspection));
}

HRESULT Recorder::QueryInterface(const IID& riid, void** object)
{
    if (!object)
        return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IHostTaskManager)
        *object = static_cast<IHostTaskManager*>(this);
    else if (riid == IID_ISiteAwareTaskManager)
        *object = static_cast<ISiteAwareTaskManager*>(this);
    else {
        *object = nullptr;
        return E_NOINTERFACE;
    }
    AddRef();
    return S_OK;
}

// The call goes to the recording as it is: no formatting, no copy of the site's strings, no
// lock (docs/PERFORMANCE.md). The host's introspection may touch errno: the traced code's stays.
void Recorder::record(CallKind call, const TransitionSite* site, HRESULT result,
                      const BOOL* needs_hook, bool skipped)
{
    const int saved_errno = errno;
    trace::RecordedCall entry;
    entry.call = call;
    entry.hr = result;
    entry.site = site;
    entry.skipped = skipped;
    if (needs_hook)
        entry.hook = *needs_hook == kNeedsHookUnset ? trace::HookAnswer::Unwritten
                     : *needs_hook                  ? trace::HookAnswer::True
                                                    : trace::HookAnswer::False;
    if (introspection_ && !skipped && call != CallKind::GetCurrentTask &&
        call != CallKind::CallNeedsHostHook)
        entry.host_layers = host_layers();
    recording_.record(entry);
    errno = saved_errno;
}

std::string_view Recorder::host_layers() const
{
    thread_local std::vector<HostLayer> layers(64);
    ULONG count = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (failed(introspection_->GetCurrentThreadLayers(
                layers.data(), static_cast<ULONG>(layers.size()), &count)))
            break;
        if (count <= layers.size()) {
            // A value other than the two layers is kept as such, not taken for one of them.
            auto* letters = reinterpret_cast<char*>(layers.data());
            for (ULONG i = 0; i < count; ++i)
                if (letters[i] != 'U' && letters[i] != 'M')
                    letters[i] = trace::kUnknownLayer;
            return std::string_view(letters, count);
        }
        layers.resize(count * 2);
    }
    // A host that offers the interface must answer it: a failure is its answer (TM-BOOKKEEPING).
    return trace::kNoLayersAnswer;
}

HRESULT Recorder::forward(CallKind call, const TransitionSite* site, const BOOL* needs_hook,
                          auto&& host_call)
{
    HRESULT result = E_UNEXPECTED;
    try {
        result = host_call();
    } catch (...) {
        // Recorded, then passed on: the driver's boundary catches it and reports it.
        TransitionSite thrown = site ? *site : TransitionSite{};
        thrown.target_note = "the host threw a C++ exception out of this call";
        thrown.id = 0; // not the driver's site any more
        record(call, &thrown, E_UNEXPECTED, needs_hook);
        throw;
    }
    record(call, site, result, needs_hook);
    return result;
}

HRESULT Recorder::GetCurrentTask(IHostTask** task)
{
    return forward(CallKind::GetCurrentTask, nullptr, nullptr,
                   [&] { return host_->GetCurrentTask(task); });
}

HRESULT Recorder::CallNeedsHostHook(SIZE_T target, BOOL* needs_hook)
{
    TransitionSite site;
    site.target = target;
    return CallNeedsHostHookAt(site, needs_hook);
}

HRESULT Recorder::LeaveRuntime(SIZE_T target)
{
    TransitionSite site;
    site.target = target;
    return LeaveRuntimeAt(site);
}

HRESULT Recorder::EnterRuntime()
{
    return EnterRuntimeAt(TransitionSite{});
}
HRESULT Recorder::ReverseLeaveRuntime()
{
    return ReverseLeaveRuntimeAt(TransitionSite{});
}
HRESULT Recorder::ReverseEnterRuntime()
{
    return ReverseEnterRuntimeAt(TransitionSite{});
}

HRESULT Recorder::CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook)
{
    return forward(CallKind::CallNeedsHostHook, &site, needs_hook, [&] {
        return site_aware_host_ ? site_aware_host_->CallNeedsHostHookAt(site, needs_hook)
                                : host_->CallNeedsHostHook(site.target, needs_hook);
    });
}

HRESULT Recorder::LeaveRuntimeAt(const TransitionSite& site)
{
    return forward(CallKind::LeaveRuntime, &site, nullptr, [&] {
        return site_aware_host_ ? site_aware_host_->LeaveRuntimeAt(site)
                                : host_->LeaveRuntime(site.target);
    });
}

HRESULT Recorder::EnterRuntimeAt(const TransitionSite& site)
{
    return forward(CallKind::EnterRuntime, &site, nullptr, [&] {
        return site_aware_host_ ? site_aware_host_->EnterRuntimeAt(site) : host_->EnterRuntime();
    });
}

HRESULT Recorder::ReverseEnterRuntimeAt(const TransitionSite& site)
{
    return forward(CallKind::ReverseEnterRuntime, &site, nullptr, [&] {
        return site_aware_host_ ? site_aware_host_->ReverseEnterRuntimeAt(site)
                                : host_->ReverseEnterRuntime();
    });
}

HRESULT Recorder::ReverseLeaveRuntimeAt(const TransitionSite& site)
{
    return forward(CallKind::ReverseLeaveRuntime, &site, nullptr, [&] {
        return site_aware_host_ ? site_aware_host_->ReverseLeaveRuntimeAt(site)
                                : host_->ReverseLeaveRuntime();
    });
}

void Recorder::TransitionSkipped(TransitionCall call, const TransitionSite& site)
{
    // The host was not called: the record carries what a latched host must answer.
    record(call_kind(call), &site, HOST_E_CLRNOTAVAILABLE, nullptr, true);
    if (site_aware_host_)
        site_aware_host_->TransitionSkipped(call, site);
}

// The calls below are outside the transition protocol: forwarded, not recorded.
HRESULT Recorder::CreateTask(DWORD stack_size, LPTHREAD_START_ROUTINE start, PVOID parameter,
                             IHostTask** task)
{
    return host_->CreateTask(stack_size, start, parameter, task);
}
HRESULT Recorder::Sleep(DWORD milliseconds, DWORD option)
{
    return host_->Sleep(milliseconds, option);
}
HRESULT Recorder::SwitchToTask(DWORD option)
{
    return host_->SwitchToTask(option);
}
HRESULT Recorder::SetUILocale(LCID lcid)
{
    return host_->SetUILocale(lcid);
}
HRESULT Recorder::SetLocale(LCID lcid)
{
    return host_->SetLocale(lcid);
}
HRESULT Recorder::BeginDelayAbort()
{
    return host_->BeginDelayAbort();
}
HRESULT Recorder::EndDelayAbort()
{
    return host_->EndDelayAbort();
}
HRESULT Recorder::BeginThreadAffinity()
{
    return host_->BeginThreadAffinity();
}
HRESULT Recorder::EndThreadAffinity()
{
    return host_->EndThreadAffinity();
}
HRESULT Recorder::SetStackGuarantee(ULONG guarantee)
{
    return host_->SetStackGuarantee(guarantee);
}
HRESULT Recorder::GetStackGuarantee(ULONG* guarantee)
{
    return host_->GetStackGuarantee(guarantee);
}
HRESULT Recorder::SetCLRTaskManager(ICLRTaskManager* clr_task_manager)
{
    return host_->SetCLRTaskManager(clr_task_manager);
}

} // namespace clrhost::mocks
