// Own declarations of the .NET Framework 4 runtime-hosting interfaces (mscoree, metahost): what a
// host process calls to start the runtime with its own IHostControl, and the IHostControl the
// runtime asks for the host's managers (IHostTaskManager, <clrhost/hosting_abi.h>).
//
// Vtable order comes from MSCOREE.IDL and metahost.idl, never from the alphabetical documentation
// pages. mingw-w64 ships no metahost.h and no import library for mscoree: a host loads mscoree.dll
// and finds CLRCreateInstance itself (CLRCreateInstanceFn). No virtual destructors: one would add
// vtable slots the runtime does not know. 64-bit Windows has one calling convention, so the
// methods carry none (a 32-bit build would need __stdcall on every method).
#pragma once

#include <clrhost/hosting_abi.h>

namespace clrhost {

using HANDLE = void*;
using HMODULE = void*;
using LPCWSTR = const WCHAR*;
using LPWSTR = WCHAR*;
using UINT = std::uint32_t;
using LONG = std::int32_t;
using INT32 = std::int32_t;

struct IEnumUnknown; // runtime-side; only ever passed through by pointer here
struct ICLRControl;  // runtime-side; only ever passed through by pointer here

// The host's side: the runtime asks it for the host's managers while it starts.
struct IHostControl : IUnknown {
    virtual HRESULT GetHostManager(const IID& riid, void** object) = 0;              // slot 3
    virtual HRESULT SetAppDomainManager(DWORD app_domain_id, IUnknown* manager) = 0; // slot 4

protected:
    ~IHostControl() = default;
};

using FExecuteInAppDomainCallback = HRESULT (*)(void* cookie);

// The started runtime: the host sets its IHostControl before Start, then runs managed code.
struct ICLRRuntimeHost : IUnknown {
    virtual HRESULT Start() = 0;                                                    // slot 3
    virtual HRESULT Stop() = 0;                                                     // slot 4
    virtual HRESULT SetHostControl(IHostControl* host_control) = 0;                 // slot 5
    virtual HRESULT GetCLRControl(ICLRControl** clr_control) = 0;                   // slot 6
    virtual HRESULT UnloadAppDomain(DWORD app_domain_id, BOOL wait_until_done) = 0; // slot 7
    virtual HRESULT ExecuteInAppDomain(DWORD app_domain_id,                         // slot 8
                                       FExecuteInAppDomainCallback callback, void* cookie) = 0;
    virtual HRESULT GetCurrentAppDomainId(DWORD* app_domain_id) = 0; // slot 9
    virtual HRESULT ExecuteApplication(LPCWSTR app_full_name,        // slot 10
                                       DWORD manifest_paths_count, LPCWSTR* manifest_paths,
                                       DWORD activation_data_count, LPCWSTR* activation_data,
                                       int* return_value) = 0;
    // Runs `static int Method(string)` of the type in the default application domain.
    virtual HRESULT ExecuteInDefaultAppDomain(LPCWSTR assembly_path, // slot 11
                                              LPCWSTR type_name, LPCWSTR method_name,
                                              LPCWSTR argument, DWORD* return_value) = 0;

protected:
    ~ICLRRuntimeHost() = default;
};

// One installed runtime version (metahost.idl).
struct ICLRRuntimeInfo : IUnknown {
    virtual HRESULT GetVersionString(LPWSTR buffer, DWORD* buffer_chars) = 0;    // slot 3
    virtual HRESULT GetRuntimeDirectory(LPWSTR buffer, DWORD* buffer_chars) = 0; // slot 4
    virtual HRESULT IsLoaded(HANDLE process, BOOL* loaded) = 0;                  // slot 5
    virtual HRESULT LoadErrorString(UINT resource_id, LPWSTR buffer,             // slot 6
                                    DWORD* buffer_chars, LONG locale_id) = 0;
    virtual HRESULT LoadLibrary(LPCWSTR dll_name, HMODULE* module) = 0;     // slot 7
    virtual HRESULT GetProcAddress(const char* proc_name, void** proc) = 0; // slot 8
    virtual HRESULT GetInterface(const CLSID& rclsid, const IID& riid,      // slot 9
                                 void** object) = 0;
    virtual HRESULT IsLoadable(BOOL* loadable) = 0;                          // slot 10
    virtual HRESULT SetDefaultStartupFlags(DWORD flags, LPCWSTR config) = 0; // slot 11
    virtual HRESULT GetDefaultStartupFlags(DWORD* flags, LPWSTR config,      // slot 12
                                           DWORD* config_chars) = 0;
    virtual HRESULT BindAsLegacyV2Runtime() = 0;                        // slot 13
    virtual HRESULT IsStarted(BOOL* started, DWORD* startup_flags) = 0; // slot 14

protected:
    ~ICLRRuntimeInfo() = default;
};

using RuntimeLoadedCallbackFnPtr = void (*)(ICLRRuntimeInfo* runtime, void* thread_set,
                                            void* thread_unset);

// The installed runtimes (metahost.idl), from CLRCreateInstance.
struct ICLRMetaHost : IUnknown {
    virtual HRESULT GetRuntime(LPCWSTR version, const IID& riid, void** runtime) = 0; // slot 3
    virtual HRESULT GetVersionFromFile(LPCWSTR file_path, LPWSTR buffer,              // slot 4
                                       DWORD* buffer_chars) = 0;
    virtual HRESULT EnumerateInstalledRuntimes(IEnumUnknown** runtimes) = 0;              // slot 5
    virtual HRESULT EnumerateLoadedRuntimes(HANDLE process, IEnumUnknown** runtimes) = 0; // 6
    virtual HRESULT RequestRuntimeLoadedNotification(RuntimeLoadedCallbackFnPtr callback) = 0; // 7
    virtual HRESULT QueryLegacyV2RuntimeBinding(const IID& riid, void** object) = 0; // slot 8
    virtual HRESULT ExitProcess(INT32 exit_code) = 0;                                // slot 9

protected:
    ~ICLRMetaHost() = default;
};

// mscoree.dll's entry to the runtimes (exported by name, found with GetProcAddress).
using CLRCreateInstanceFn = HRESULT (*)(const CLSID& clsid, const IID& riid, void** object);
inline constexpr const char* kCLRCreateInstance = "CLRCreateInstance";
// The .NET Framework 4.x runtime, every 4.x release (4.8 included) under this one version.
inline constexpr const WCHAR* kNetFramework4 = u"v4.0.30319";

// {9280188D-0E8E-4867-B30C-7FA83884E8DE}
inline constexpr CLSID CLSID_CLRMetaHost{
    0x9280188D, 0x0E8E, 0x4867, {0xB3, 0x0C, 0x7F, 0xA8, 0x38, 0x84, 0xE8, 0xDE}};
// {D332DB9E-B9B3-4125-8207-A14884F53216}
inline constexpr IID IID_ICLRMetaHost{
    0xD332DB9E, 0xB9B3, 0x4125, {0x82, 0x07, 0xA1, 0x48, 0x84, 0xF5, 0x32, 0x16}};
// {BD39D1D2-BA2F-486A-89B0-B4B0CB466891}
inline constexpr IID IID_ICLRRuntimeInfo{
    0xBD39D1D2, 0xBA2F, 0x486A, {0x89, 0xB0, 0xB4, 0xB0, 0xCB, 0x46, 0x68, 0x91}};
// {90F1A06E-7712-4762-86B5-7A5EBA6BDB02}: the class; the interface's IID differs in one digit.
inline constexpr CLSID CLSID_CLRRuntimeHost{
    0x90F1A06E, 0x7712, 0x4762, {0x86, 0xB5, 0x7A, 0x5E, 0xBA, 0x6B, 0xDB, 0x02}};
// {90F1A06C-7712-4762-86B5-7A5EBA6BDB02}
inline constexpr IID IID_ICLRRuntimeHost{
    0x90F1A06C, 0x7712, 0x4762, {0x86, 0xB5, 0x7A, 0x5E, 0xBA, 0x6B, 0xDB, 0x02}};
// {02CA073C-7079-4860-880A-C2F7A449C991}
inline constexpr IID IID_IHostControl{
    0x02CA073C, 0x7079, 0x4860, {0x88, 0x0A, 0xC2, 0xF7, 0xA4, 0x49, 0xC9, 0x91}};

} // namespace clrhost
