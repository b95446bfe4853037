// The transition bridge without the runtime (docs/PERFORMANCE.md), with Google Benchmark: the
// bridge library is loaded and driven the way CoreCLR drives it (DllGetClassObject, Initialize,
// then the two transition callbacks), with a stand-in ICorProfilerInfo, so the cost of its own
// callback code shows without the runtime's noise.
//
//   BM_Floor*       the floor profiler's empty callbacks: the call itself
//   BM_Bridge*      the bridge calling a host that only answers S_OK (its own cost)
//   BM_BridgeRef*   the bridge calling the reference host
//   *PInvoke        ManagedToUnmanaged(CALL) + UnmanagedToManaged(RETURN): one P/Invoke round trip
//   *Reverse        UnmanagedToManaged(CALL) + ManagedToUnmanaged(RETURN): one reverse round trip
//
//   clrhost_bench_bridge [--bridge=PATH] [Google Benchmark flags]
#include "bridge_api.h"
#include "floor_profiler.h"
#include "profiling_abi.h"
#include "reference_host.h"

#include <clrhost/com_ptr.h>
#include <clrhost/hresult.h>
#include <clrhost/transition_site.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <string>

namespace {

using namespace clrhost;
using namespace clrhost::prof;

// Answers what the bridge asks in Initialize and when it resolves a call site: every lookup
// fails, so each FunctionID resolves (once) to a site with nothing known.
class StandInInfo final : public ICorProfilerInfo {
public:
    HRESULT QueryInterface(const IID& riid, void** object) override
    {
        if (riid == IID_IUnknown || riid == IID_ICorProfilerInfo) {
            *object = static_cast<ICorProfilerInfo*>(this);
            return S_OK;
        }
        *object = nullptr;
        return E_NOINTERFACE;
    }
    ULONG AddRef() override { return 2; }
    ULONG Release() override { return 1; }
    HRESULT GetClassFromObject(ObjectID, ClassID*) override { return E_NOTIMPL; }
    HRESULT GetClassFromToken(ModuleID, mdTypeDef, ClassID*) override { return E_NOTIMPL; }
    HRESULT GetCodeInfo(FunctionID, LPCBYTE*, ULONG*) override { return E_NOTIMPL; }
    HRESULT GetEventMask(DWORD*) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromIP(LPCBYTE, FunctionID*) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromToken(ModuleID, mdToken, FunctionID*) override { return E_NOTIMPL; }
    HRESULT GetHandleFromThread(ThreadID, HANDLE*) override { return E_NOTIMPL; }
    HRESULT GetObjectSize(ObjectID, ULONG*) override { return E_NOTIMPL; }
    HRESULT IsArrayClass(ClassID, CorElementType*, ClassID*, ULONG*) override { return E_NOTIMPL; }
    HRESULT GetThreadInfo(ThreadID, DWORD*) override { return E_NOTIMPL; }
    HRESULT GetCurrentThreadID(ThreadID*) override { return E_NOTIMPL; }
    HRESULT GetClassIDInfo(ClassID, ModuleID*, mdTypeDef*) override { return E_NOTIMPL; }
    HRESULT GetFunctionInfo(FunctionID, ClassID*, ModuleID*, mdToken*) override { return E_FAIL; }
    HRESULT SetEventMask(DWORD) override { return S_OK; }
    HRESULT SetEnterLeaveFunctionHooks(FunctionEnter*, FunctionLeave*, FunctionTailcall*) override
    {
        return E_NOTIMPL;
    }
    HRESULT SetFunctionIDMapper(FunctionIDMapper*) override { return E_NOTIMPL; }
    HRESULT GetTokenAndMetaDataFromFunction(FunctionID, REFIID, IUnknown**, mdToken*) override
    {
        return E_NOTIMPL;
    }
    HRESULT GetModuleInfo(ModuleID, LPCBYTE*, ULONG, ULONG*, WCHAR*, AssemblyID*) override
    {
        return E_NOTIMPL;
    }
    HRESULT GetModuleMetaData(ModuleID, DWORD, REFIID, IUnknown**) override { return E_NOTIMPL; }
};

// A host that does nothing but answer: what is left is the bridge.
class NullTask final : public IHostTask {
public:
    HRESULT QueryInterface(const IID&, void** object) override
    {
        *object = nullptr;
        return E_NOINTERFACE;
    }
    ULONG AddRef() override { return 2; }
    ULONG Release() override { return 1; }
    HRESULT Start() override { return S_OK; }
    HRESULT Alert() override { return S_OK; }
    HRESULT Join(DWORD, DWORD) override { return S_OK; }
    HRESULT SetPriority(int) override { return S_OK; }
    HRESULT GetPriority(int*) override { return S_OK; }
    HRESULT SetCLRTask(ICLRTask*) override { return S_OK; }
};

class NullHost final : public IHostTaskManager {
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
    ULONG AddRef() override { return 2; }
    ULONG Release() override { return 1; }
    HRESULT GetCurrentTask(IHostTask** task) override
    {
        static NullTask the_task;
        *task = &the_task;
        return S_OK;
    }
    HRESULT CreateTask(DWORD, LPTHREAD_START_ROUTINE, PVOID, IHostTask**) override
    {
        return E_NOTIMPL;
    }
    HRESULT Sleep(DWORD, DWORD) override { return S_OK; }
    HRESULT SwitchToTask(DWORD) override { return S_OK; }
    HRESULT SetUILocale(LCID) override { return S_OK; }
    HRESULT SetLocale(LCID) override { return S_OK; }
    HRESULT CallNeedsHostHook(SIZE_T, BOOL* needs_hook) override
    {
        *needs_hook = TRUE_;
        return S_OK;
    }
    HRESULT LeaveRuntime(SIZE_T) override { return S_OK; }
    HRESULT EnterRuntime() override { return S_OK; }
    HRESULT ReverseLeaveRuntime() override { return S_OK; }
    HRESULT ReverseEnterRuntime() override { return S_OK; }
    HRESULT BeginDelayAbort() override { return S_OK; }
    HRESULT EndDelayAbort() override { return S_OK; }
    HRESULT BeginThreadAffinity() override { return S_OK; }
    HRESULT EndThreadAffinity() override { return S_OK; }
    HRESULT SetStackGuarantee(ULONG) override { return S_OK; }
    HRESULT GetStackGuarantee(ULONG*) override { return S_OK; }
    HRESULT SetCLRTaskManager(ICLRTaskManager*) override { return S_OK; }
};

// A profiler library's callback object, created the way the runtime creates it.
ICorProfilerCallback11* load_profiler(const std::string& path, const char* clsid_text)
{
    void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), ::dlerror());
        std::exit(2);
    }
    using GetClassObject = HRESULT (*)(const CLSID&, const IID&, void**);
    auto get = reinterpret_cast<GetClassObject>(::dlsym(library, "DllGetClassObject"));
    CLSID clsid{};
    unsigned parts[11];
    std::sscanf(clsid_text, "{%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &parts[0], &parts[1],
                &parts[2], &parts[3], &parts[4], &parts[5], &parts[6], &parts[7], &parts[8],
                &parts[9], &parts[10]);
    clsid.Data1 = parts[0];
    clsid.Data2 = static_cast<std::uint16_t>(parts[1]);
    clsid.Data3 = static_cast<std::uint16_t>(parts[2]);
    for (int i = 0; i < 8; ++i)
        clsid.Data4[i] = static_cast<std::uint8_t>(parts[3 + i]);
    void* factory = nullptr;
    if (!get || failed(get(clsid, IID_IClassFactory, &factory))) {
        std::fprintf(stderr, "%s: no class factory\n", path.c_str());
        std::exit(2);
    }
    void* callback = nullptr;
    if (failed(static_cast<IClassFactory*>(factory)->CreateInstance(
            nullptr, IID_ICorProfilerCallback11, &callback))) {
        std::fprintf(stderr, "%s: no ICorProfilerCallback11\n", path.c_str());
        std::exit(2);
    }
    auto* profiler = static_cast<ICorProfilerCallback11*>(callback);
    static StandInInfo info;
    profiler->Initialize(&info);
    return profiler;
}

std::string g_bridge_path;
std::string g_floor_path;
ICorProfilerCallback11* g_floor = nullptr;
ICorProfilerCallback11* g_bridge = nullptr;
void* g_bridge_library = nullptr;
NullHost g_null_host;
ComPtr<reference::ReferenceHost> g_reference_host;

void install(IHostTaskManager* host)
{
    auto uninstall = reinterpret_cast<clrhost_bridge_uninstall_fn>(
        ::dlsym(g_bridge_library, CLRHOST_BRIDGE_UNINSTALL));
    auto install_fn =
        reinterpret_cast<clrhost_bridge_install_fn>(::dlsym(g_bridge_library, CLRHOST_BRIDGE_INSTALL));
    uninstall();
    const clrhost_bridge_config config{sizeof(clrhost_bridge_config), "/nonexistent", nullptr};
    install_fn(host, &config);
}

constexpr FunctionID kPInvoke = 0x7f0000001000;
constexpr FunctionID kCallback = 0x7f0000002000;

void pinvoke_round_trips(benchmark::State& state, ICorProfilerCallback11* profiler)
{
    for (auto _ : state) {
        profiler->ManagedToUnmanagedTransition(kPInvoke, COR_PRF_TRANSITION_CALL);
        profiler->UnmanagedToManagedTransition(kPInvoke, COR_PRF_TRANSITION_RETURN);
    }
    state.SetItemsProcessed(state.iterations());
}

void reverse_round_trips(benchmark::State& state, ICorProfilerCallback11* profiler)
{
    for (auto _ : state) {
        profiler->UnmanagedToManagedTransition(kCallback, COR_PRF_TRANSITION_CALL);
        profiler->ManagedToUnmanagedTransition(kCallback, COR_PRF_TRANSITION_RETURN);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_FloorPInvoke(benchmark::State& state) { pinvoke_round_trips(state, g_floor); }
void BM_FloorReverse(benchmark::State& state) { reverse_round_trips(state, g_floor); }
BENCHMARK(BM_FloorPInvoke)->Threads(1)->Threads(4);
BENCHMARK(BM_FloorReverse)->Threads(1)->Threads(4);

void null_host(const benchmark::State&) { install(&g_null_host); }
void reference_host(const benchmark::State&)
{
    g_reference_host = make_com<reference::ReferenceHost>();
    install(g_reference_host.get());
}

void BM_BridgePInvoke(benchmark::State& state) { pinvoke_round_trips(state, g_bridge); }
void BM_BridgeReverse(benchmark::State& state) { reverse_round_trips(state, g_bridge); }
BENCHMARK(BM_BridgePInvoke)->Setup(null_host)->Threads(1)->Threads(4);
BENCHMARK(BM_BridgeReverse)->Setup(null_host)->Threads(1)->Threads(4);

void BM_BridgeRefPInvoke(benchmark::State& state) { pinvoke_round_trips(state, g_bridge); }
void BM_BridgeRefReverse(benchmark::State& state) { reverse_round_trips(state, g_bridge); }
BENCHMARK(BM_BridgeRefPInvoke)->Setup(reference_host)->Threads(1)->Threads(4);
BENCHMARK(BM_BridgeRefReverse)->Setup(reference_host)->Threads(1)->Threads(4);

} // namespace

int main(int argc, char** argv)
{
    const auto bin = std::filesystem::read_symlink("/proc/self/exe").parent_path();
    g_bridge_path = (bin / "libclrhost_bridge.so").string();
    g_floor_path = (bin / "libclrhost_floor_profiler.so").string();
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--bridge=", 9) == 0)
            g_bridge_path = argv[i] + 9;
        else if (std::strncmp(argv[i], "--floor=", 8) == 0)
            g_floor_path = argv[i] + 8;
        else
            continue;
        for (int j = i; j + 1 < argc; ++j)
            argv[j] = argv[j + 1];
        --argc;
        --i;
    }
    g_floor = load_profiler(g_floor_path, CLRHOST_FLOOR_PROFILER_CLSID);
    g_bridge_library = ::dlopen(g_bridge_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    g_bridge = load_profiler(g_bridge_path, CLRHOST_BRIDGE_CLSID);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
