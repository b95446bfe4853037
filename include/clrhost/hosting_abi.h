// Own declarations of the .NET hosting task-manager interfaces (mscoree), portable to Linux.
//
// Vtable order comes from MSCOREE.IDL, not from the alphabetical documentation pages:
// ReverseLeaveRuntime is slot 12 and ReverseEnterRuntime slot 13. A host compiled against a
// header that swaps them silently receives each reverse call as the other.
// Interfaces have no virtual destructor: one would add vtable slots the runtime does not know.
#pragma once

#include <cstdint>

namespace clrhost {

using HRESULT = std::int32_t;
using ULONG = std::uint32_t;
using DWORD = std::uint32_t;
using BOOL = std::int32_t;
using LCID = std::uint32_t;
using SIZE_T = std::uintptr_t;
using PVOID = void*;
using WCHAR = char16_t; // never wchar_t: the runtime's strings are UTF-16 on every platform
using LPTHREAD_START_ROUTINE = DWORD (*)(PVOID);

inline constexpr BOOL TRUE_ = 1;
inline constexpr BOOL FALSE_ = 0;

struct GUID {
    std::uint32_t Data1;
    std::uint16_t Data2;
    std::uint16_t Data3;
    std::uint8_t Data4[8];
};
using IID = GUID;
using CLSID = GUID;

constexpr bool operator==(const GUID& a, const GUID& b) noexcept
{
    if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3)
        return false;
    for (int i = 0; i < 8; ++i)
        if (a.Data4[i] != b.Data4[i])
            return false;
    return true;
}

struct IUnknown {
    virtual HRESULT QueryInterface(const IID& riid, void** object) = 0; // slot 0
    virtual ULONG AddRef() = 0;                                         // slot 1
    virtual ULONG Release() = 0;                                        // slot 2

protected:
    ~IUnknown() = default;
};

struct ICLRTask;        // runtime-side; only ever passed through by pointer here
struct ICLRTaskManager; // runtime-side; only ever passed through by pointer here

struct IHostTask : IUnknown {
    virtual HRESULT Start() = 0;                                // slot 3
    virtual HRESULT Alert() = 0;                                // slot 4
    virtual HRESULT Join(DWORD milliseconds, DWORD option) = 0; // slot 5
    virtual HRESULT SetPriority(int priority) = 0;              // slot 6
    virtual HRESULT GetPriority(int* priority) = 0;             // slot 7
    virtual HRESULT SetCLRTask(ICLRTask* clr_task) = 0;         // slot 8

protected:
    ~IHostTask() = default;
};

struct IHostTaskManager : IUnknown {
    virtual HRESULT GetCurrentTask(IHostTask** task) = 0;                      // slot 3
    virtual HRESULT CreateTask(DWORD stack_size, LPTHREAD_START_ROUTINE start, // slot 4
                               PVOID parameter, IHostTask** task) = 0;
    virtual HRESULT Sleep(DWORD milliseconds, DWORD option) = 0;              // slot 5
    virtual HRESULT SwitchToTask(DWORD option) = 0;                           // slot 6
    virtual HRESULT SetUILocale(LCID lcid) = 0;                               // slot 7
    virtual HRESULT SetLocale(LCID lcid) = 0;                                 // slot 8
    virtual HRESULT CallNeedsHostHook(SIZE_T target, BOOL* needs_hook) = 0;   // slot 9
    virtual HRESULT LeaveRuntime(SIZE_T target) = 0;                          // slot 10
    virtual HRESULT EnterRuntime() = 0;                                       // slot 11
    virtual HRESULT ReverseLeaveRuntime() = 0;                                // slot 12
    virtual HRESULT ReverseEnterRuntime() = 0;                                // slot 13
    virtual HRESULT BeginDelayAbort() = 0;                                    // slot 14
    virtual HRESULT EndDelayAbort() = 0;                                      // slot 15
    virtual HRESULT BeginThreadAffinity() = 0;                                // slot 16
    virtual HRESULT EndThreadAffinity() = 0;                                  // slot 17
    virtual HRESULT SetStackGuarantee(ULONG guarantee) = 0;                   // slot 18
    virtual HRESULT GetStackGuarantee(ULONG* guarantee) = 0;                  // slot 19
    virtual HRESULT SetCLRTaskManager(ICLRTaskManager* clr_task_manager) = 0; // slot 20

protected:
    ~IHostTaskManager() = default;
};

// {00000000-0000-0000-C000-000000000046}
inline constexpr IID IID_IUnknown{0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
// {997FF24C-43B7-4352-8667-0DC04FAFD354}
inline constexpr IID IID_IHostTaskManager{
    0x997FF24C, 0x43B7, 0x4352, {0x86, 0x67, 0x0D, 0xC0, 0x4F, 0xAF, 0xD3, 0x54}};
// {C2275828-C4B1-4B55-82C9-92135F74DF1A}
inline constexpr IID IID_IHostTask{
    0xC2275828, 0xC4B1, 0x4B55, {0x82, 0xC9, 0x92, 0x13, 0x5F, 0x74, 0xDF, 0x1A}};

} // namespace clrhost
