// The task a test or benchmark host hands out from GetCurrentTask: a non-null task is what makes
// the driver give a thread hooks, and nothing ever runs on it. It lives as long as its host and
// counts no references. Free of GoogleMock, so that the benchmark's hosts can share it.
#pragma once

#include <clrhost/hosting_abi.h>
#include <clrhost/hresult.h>

namespace clrhost::mocks {

class InertHostTask final : public IHostTask {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        *object = (riid == IID_IUnknown || riid == IID_IHostTask) ? this : nullptr;
        return *object ? S_OK : E_NOINTERFACE;
    }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }
    HRESULT Start() override { return E_NOTIMPL; }
    HRESULT Alert() override { return E_NOTIMPL; }
    HRESULT Join(DWORD, DWORD) override { return E_NOTIMPL; }
    HRESULT SetPriority(int) override { return E_NOTIMPL; }
    HRESULT GetPriority(int*) override { return E_NOTIMPL; }
    HRESULT SetCLRTask(ICLRTask*) override { return S_OK; }
};

} // namespace clrhost::mocks
