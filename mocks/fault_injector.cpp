#include "fault_injector.h"

namespace clrhost::mocks {

using ::testing::_;
using ::testing::Return;

FaultInjector::FaultInjector(ComPtr<IHostTaskManager> host) : host_(std::move(host))
{
    void* introspection = nullptr;
    if (succeeded(host_->QueryInterface(IID_IHostLayerIntrospection, &introspection)) &&
        introspection)
        introspection_ = ComPtr<IHostLayerIntrospection>::adopt(
            static_cast<IHostLayerIntrospection*>(introspection));
    ON_CALL(fault, Call(_, _)).WillByDefault(Return(S_OK));
}

void FaultInjector::fail_call(TransitionCall call, std::uint64_t ordinal, HRESULT result)
{
    ON_CALL(fault, Call(call, ordinal)).WillByDefault(Return(result));
}

HRESULT FaultInjector::QueryInterface(const IID& riid, void** object)
{
    if (riid == IID_IUnknown || riid == IID_IHostTaskManager)
        *object = static_cast<IHostTaskManager*>(this);
    else if (riid == IID_ISiteAwareTaskManager)
        *object = static_cast<ISiteAwareTaskManager*>(this);
    else if (riid == IID_IHostLayerIntrospection && introspection_)
        *object = static_cast<IHostLayerIntrospection*>(this);
    else
        *object = nullptr;
    return *object ? S_OK : E_NOINTERFACE;
}

std::optional<HRESULT> FaultInjector::injected(TransitionCall call, const TransitionSite& site)
{
    if (site.framework)
        return std::nullopt;
    const auto result = fault.Call(call, ++app_calls_[static_cast<std::size_t>(call)]);
    return result == S_OK ? std::nullopt : std::optional(result);
}

HRESULT FaultInjector::CallNeedsHostHookAt(const TransitionSite& site, BOOL* needs_hook)
{
    if (const auto result = injected(TransitionCall::CallNeedsHostHook, site)) {
        *needs_hook = TRUE_; // a failure is ignored and the answer used as written
        return *result;
    }
    return host_->CallNeedsHostHook(site.target, needs_hook);
}

HRESULT FaultInjector::LeaveRuntimeAt(const TransitionSite& site)
{
    if (const auto result = injected(TransitionCall::LeaveRuntime, site))
        return *result;
    return host_->LeaveRuntime(site.target);
}

HRESULT FaultInjector::EnterRuntimeAt(const TransitionSite& site)
{
    if (const auto result = injected(TransitionCall::EnterRuntime, site)) {
        // The runtime returned from native code whatever the host says: its layer is closed.
        host_->EnterRuntime();
        return *result;
    }
    return host_->EnterRuntime();
}

HRESULT FaultInjector::ReverseEnterRuntimeAt(const TransitionSite& site)
{
    if (const auto result = injected(TransitionCall::ReverseEnterRuntime, site))
        return *result;
    return host_->ReverseEnterRuntime();
}

HRESULT FaultInjector::ReverseLeaveRuntimeAt(const TransitionSite& site)
{
    if (const auto result = injected(TransitionCall::ReverseLeaveRuntime, site)) {
        host_->ReverseLeaveRuntime();
        return *result;
    }
    return host_->ReverseLeaveRuntime();
}

// Without a site a call cannot be told app from framework: passed through uncounted.
HRESULT FaultInjector::CallNeedsHostHook(SIZE_T target, BOOL* needs_hook)
{
    return host_->CallNeedsHostHook(target, needs_hook);
}
HRESULT FaultInjector::LeaveRuntime(SIZE_T target) { return host_->LeaveRuntime(target); }
HRESULT FaultInjector::EnterRuntime() { return host_->EnterRuntime(); }
HRESULT FaultInjector::ReverseLeaveRuntime() { return host_->ReverseLeaveRuntime(); }
HRESULT FaultInjector::ReverseEnterRuntime() { return host_->ReverseEnterRuntime(); }

HRESULT FaultInjector::GetCurrentThreadLayers(HostLayer* layers, ULONG capacity, ULONG* count)
{
    return introspection_->GetCurrentThreadLayers(layers, capacity, count);
}

} // namespace clrhost::mocks
