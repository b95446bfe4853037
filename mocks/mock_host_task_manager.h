// A GoogleMock IHostTaskManager: injects host behaviour (answers, failures, orderings) behind the
// recorder while the real runtime drives it. Its lifetime is the test's: AddRef/Release count
// nothing, so it must outlive every caller (the bridge is uninstalled before it goes).
#pragma once

#include "mocks/inert_host_task.h"
#include <clrhost/hresult.h>

#include <gmock/gmock.h>

namespace clrhost::mocks {

class MockHostTaskManager : public IHostTaskManager {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (riid == IID_IUnknown || riid == IID_IHostTaskManager) {
            *object = static_cast<IHostTaskManager*>(this);
            return S_OK;
        }
        *object = nullptr;
        return E_NOINTERFACE;
    }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }

    MOCK_METHOD(HRESULT, GetCurrentTask, (IHostTask**), (override));
    MOCK_METHOD(HRESULT, CreateTask, (DWORD, LPTHREAD_START_ROUTINE, PVOID, IHostTask**),
                (override));
    MOCK_METHOD(HRESULT, Sleep, (DWORD, DWORD), (override));
    MOCK_METHOD(HRESULT, SwitchToTask, (DWORD), (override));
    MOCK_METHOD(HRESULT, SetUILocale, (LCID), (override));
    MOCK_METHOD(HRESULT, SetLocale, (LCID), (override));
    MOCK_METHOD(HRESULT, CallNeedsHostHook, (SIZE_T, BOOL*), (override));
    MOCK_METHOD(HRESULT, LeaveRuntime, (SIZE_T), (override));
    MOCK_METHOD(HRESULT, EnterRuntime, (), (override));
    MOCK_METHOD(HRESULT, ReverseLeaveRuntime, (), (override));
    MOCK_METHOD(HRESULT, ReverseEnterRuntime, (), (override));
    MOCK_METHOD(HRESULT, BeginDelayAbort, (), (override));
    MOCK_METHOD(HRESULT, EndDelayAbort, (), (override));
    MOCK_METHOD(HRESULT, BeginThreadAffinity, (), (override));
    MOCK_METHOD(HRESULT, EndThreadAffinity, (), (override));
    MOCK_METHOD(HRESULT, SetStackGuarantee, (ULONG), (override));
    MOCK_METHOD(HRESULT, GetStackGuarantee, (ULONG*), (override));
    MOCK_METHOD(HRESULT, SetCLRTaskManager, (ICLRTaskManager*), (override));

    // A conforming default for every transition call: S_OK, and TRUE from CallNeedsHostHook.
    void answer_like_a_conforming_host()
    {
        using ::testing::_;
        using ::testing::DoAll;
        using ::testing::Return;
        using ::testing::SetArgPointee;
        ON_CALL(*this, GetCurrentTask(_))
            .WillByDefault(DoAll(SetArgPointee<0>(&task_), Return(S_OK)));
        ON_CALL(*this, CallNeedsHostHook(_, _))
            .WillByDefault(DoAll(SetArgPointee<1>(TRUE_), Return(S_OK)));
        ON_CALL(*this, LeaveRuntime(_)).WillByDefault(Return(S_OK));
        ON_CALL(*this, EnterRuntime()).WillByDefault(Return(S_OK));
        ON_CALL(*this, ReverseEnterRuntime()).WillByDefault(Return(S_OK));
        ON_CALL(*this, ReverseLeaveRuntime()).WillByDefault(Return(S_OK));
    }

private:
    InertHostTask task_;
};

} // namespace clrhost::mocks
