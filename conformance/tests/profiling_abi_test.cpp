// Pins the profiling ABI's vtable layout to the slot numbers read from dotnet/runtime's
// corprof.idl (cross-checked against the MIDL output corprof.h) and cor.h.
//
// Two independent checks. The Itanium C++ ABI stores a pointer to a virtual member function as
// 1 + the byte offset of its vtable entry, so every method's slot can be read without a call.
// Then calls made the way the runtime makes them, through the raw vtable at the expected index
// with `this` first, must land in the method that answers that index's marker, with the
// arguments intact.
#include "fixtures/bridge/profiler_callback_defaults.h"
#include "fixtures/bridge/profiling_abi.h"

#include <clrhost/hresult.h>

#include "conformance/tests/vtable_slot.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>

namespace {

using namespace clrhost;
using namespace clrhost::prof;
using clrhost::fixtures::slot_of;

// What the runtime does: fetch entry `slot` of the object's vtable and call it with `this` first.
template <class R, class... Args> R call_slot(void* self, std::size_t slot, Args... args)
{
    void* const* vtable = *static_cast<void* const* const*>(self);
    auto entry = reinterpret_cast<R (*)(void*, Args...)>(vtable[slot]);
    return entry(self, args...);
}

constexpr HRESULT marker(std::size_t slot)
{
    return static_cast<HRESULT>(0x4D500000u + slot);
}

template <class Iface> struct FakeUnknown : Iface {
    HRESULT QueryInterface(const IID&, void** object) override
    {
        *object = nullptr;
        return E_NOINTERFACE;
    }
    ULONG AddRef() override { return 2; }
    ULONG Release() override { return 1; }
};

class MarkedProfiler final : public FakeUnknown<ProfilerCallbackDefaults> {
public:
    IUnknown* info = nullptr;
    FunctionID transition_function = 0;
    COR_PRF_TRANSITION_REASON transition_reason = COR_PRF_TRANSITION_CALL;

    HRESULT Initialize(IUnknown* pICorProfilerInfoUnk) override
    {
        info = pICorProfilerInfoUnk;
        return marker(3);
    }
    HRESULT Shutdown() override { return marker(4); }
    HRESULT RemotingServerSendingReply(GUID*, BOOL) override { return marker(39); }
    HRESULT UnmanagedToManagedTransition(FunctionID functionId,
                                         COR_PRF_TRANSITION_REASON reason) override
    {
        transition_function = functionId;
        transition_reason = reason;
        return marker(40);
    }
    HRESULT ManagedToUnmanagedTransition(FunctionID functionId,
                                         COR_PRF_TRANSITION_REASON reason) override
    {
        transition_function = functionId;
        transition_reason = reason;
        return marker(41);
    }
    HRESULT RuntimeSuspendStarted(COR_PRF_SUSPEND_REASON) override { return marker(42); }
    HRESULT ExceptionCLRCatcherExecute() override { return marker(71); }
    HRESULT ThreadNameChanged(ThreadID, ULONG, WCHAR*) override { return marker(72); }
    HRESULT HandleDestroyed(GCHandleID) override { return marker(79); }
    HRESULT InitializeForAttach(IUnknown*, void*, UINT) override { return marker(80); }
    HRESULT ReJITCompilationStarted(FunctionID, ReJITID, BOOL) override { return marker(83); }
    HRESULT EventPipeProviderCreated(EVENTPIPE_PROVIDER) override { return marker(96); }
    HRESULT LoadAsNotificationOnly(BOOL* pbNotificationOnly) override
    {
        *pbNotificationOnly = 1;
        return marker(97);
    }
};

class BareProfiler final : public FakeUnknown<ProfilerCallbackDefaults> {};

// Every method answers the marker of the slot the source gives it.
class FakeInfo final : public FakeUnknown<ICorProfilerInfo> {
public:
    DWORD event_mask = 0;
    ModuleID last_module = 0;
    ULONG name_capacity = 0;
    DWORD open_flags = 0xFFFFFFFF;
    bool asked_metadata_import = false;

    HRESULT GetClassFromObject(ObjectID, ClassID*) override { return marker(3); }
    HRESULT GetClassFromToken(ModuleID, mdTypeDef, ClassID*) override { return marker(4); }
    HRESULT GetCodeInfo(FunctionID, LPCBYTE*, ULONG*) override { return marker(5); }
    HRESULT GetEventMask(DWORD*) override { return marker(6); }
    HRESULT GetFunctionFromIP(LPCBYTE, FunctionID*) override { return marker(7); }
    HRESULT GetFunctionFromToken(ModuleID, mdToken, FunctionID*) override { return marker(8); }
    HRESULT GetHandleFromThread(ThreadID, HANDLE*) override { return marker(9); }
    HRESULT GetObjectSize(ObjectID, ULONG*) override { return marker(10); }
    HRESULT IsArrayClass(ClassID, CorElementType*, ClassID*, ULONG*) override { return marker(11); }
    HRESULT GetThreadInfo(ThreadID, DWORD*) override { return marker(12); }
    HRESULT GetCurrentThreadID(ThreadID*) override { return marker(13); }
    HRESULT GetClassIDInfo(ClassID, ModuleID*, mdTypeDef*) override { return marker(14); }
    HRESULT GetFunctionInfo(FunctionID functionId, ClassID* pClassId, ModuleID* pModuleId,
                            mdToken* pToken) override
    {
        *pClassId = functionId + 1;
        *pModuleId = functionId + 2;
        *pToken = 0x06000042;
        return marker(15);
    }
    HRESULT SetEventMask(DWORD dwEvents) override
    {
        event_mask = dwEvents;
        return marker(16);
    }
    HRESULT SetEnterLeaveFunctionHooks(FunctionEnter*, FunctionLeave*, FunctionTailcall*) override
    {
        return marker(17);
    }
    HRESULT SetFunctionIDMapper(FunctionIDMapper*) override { return marker(18); }
    HRESULT GetTokenAndMetaDataFromFunction(FunctionID, REFIID, IUnknown**, mdToken*) override
    {
        return marker(19);
    }
    HRESULT GetModuleInfo(ModuleID moduleId, LPCBYTE* ppBaseLoadAddress, ULONG cchName,
                          ULONG* pcchName, WCHAR* szName, AssemblyID* pAssemblyId) override
    {
        last_module = moduleId;
        name_capacity = cchName;
        *pcchName = 2;
        szName[0] = u'm';
        szName[1] = 0;
        *ppBaseLoadAddress = nullptr;
        *pAssemblyId = 0x77;
        return marker(20);
    }
    HRESULT GetModuleMetaData(ModuleID moduleId, DWORD dwOpenFlags, REFIID riid,
                              IUnknown** ppOut) override
    {
        last_module = moduleId;
        open_flags = dwOpenFlags;
        asked_metadata_import = riid == IID_IMetaDataImport;
        *ppOut = nullptr;
        return marker(21);
    }
};

class FakeImport final : public FakeUnknown<IMetaDataImport> {
public:
    HCORENUM closed = nullptr;
    mdToken last_token = 0;
    ULONG name_capacity = 0;

    void CloseEnum(HCORENUM hEnum) override { closed = hEnum; }
    HRESULT CountEnum(HCORENUM, ULONG*) override { return marker(4); }
    HRESULT ResetEnum(HCORENUM, ULONG) override { return marker(5); }
    HRESULT EnumTypeDefs(HCORENUM*, mdTypeDef*, ULONG, ULONG*) override { return marker(6); }
    HRESULT EnumInterfaceImpls(HCORENUM*, mdTypeDef, mdInterfaceImpl*, ULONG, ULONG*) override
    {
        return marker(7);
    }
    HRESULT EnumTypeRefs(HCORENUM*, mdTypeRef*, ULONG, ULONG*) override { return marker(8); }
    HRESULT FindTypeDefByName(LPCWSTR, mdToken, mdTypeDef*) override { return marker(9); }
    HRESULT GetScopeProps(LPWSTR, ULONG, ULONG*, GUID*) override { return marker(10); }
    HRESULT GetModuleFromScope(mdModule*) override { return marker(11); }
    HRESULT GetTypeDefProps(mdTypeDef td, LPWSTR szTypeDef, ULONG cchTypeDef, ULONG* pchTypeDef,
                            DWORD* pdwTypeDefFlags, mdToken* ptkExtends) override
    {
        last_token = td;
        name_capacity = cchTypeDef;
        *pchTypeDef = 1;
        szTypeDef[0] = 0;
        *pdwTypeDefFlags = 0x100;
        *ptkExtends = 0x01000001;
        return marker(12);
    }
    HRESULT GetInterfaceImplProps(mdInterfaceImpl, mdTypeDef*, mdToken*) override
    {
        return marker(13);
    }
    HRESULT GetTypeRefProps(mdTypeRef, mdToken*, LPWSTR, ULONG, ULONG*) override
    {
        return marker(14);
    }
    HRESULT ResolveTypeRef(mdTypeRef, REFIID, IUnknown**, mdTypeDef*) override
    {
        return marker(15);
    }
    HRESULT EnumMembers(HCORENUM*, mdTypeDef, mdToken*, ULONG, ULONG*) override
    {
        return marker(16);
    }
    HRESULT EnumMembersWithName(HCORENUM*, mdTypeDef, LPCWSTR, mdToken*, ULONG, ULONG*) override
    {
        return marker(17);
    }
    HRESULT EnumMethods(HCORENUM*, mdTypeDef, mdMethodDef*, ULONG, ULONG*) override
    {
        return marker(18);
    }
    HRESULT EnumMethodsWithName(HCORENUM*, mdTypeDef, LPCWSTR, mdMethodDef*, ULONG, ULONG*) override
    {
        return marker(19);
    }
    HRESULT EnumFields(HCORENUM*, mdTypeDef, mdFieldDef*, ULONG, ULONG*) override
    {
        return marker(20);
    }
    HRESULT EnumFieldsWithName(HCORENUM*, mdTypeDef, LPCWSTR, mdFieldDef*, ULONG, ULONG*) override
    {
        return marker(21);
    }
    HRESULT EnumParams(HCORENUM*, mdMethodDef, mdParamDef*, ULONG, ULONG*) override
    {
        return marker(22);
    }
    HRESULT EnumMemberRefs(HCORENUM*, mdToken, mdMemberRef*, ULONG, ULONG*) override
    {
        return marker(23);
    }
    HRESULT EnumMethodImpls(HCORENUM*, mdTypeDef, mdToken*, mdToken*, ULONG, ULONG*) override
    {
        return marker(24);
    }
    HRESULT EnumPermissionSets(HCORENUM*, mdToken, DWORD, mdPermission*, ULONG, ULONG*) override
    {
        return marker(25);
    }
    HRESULT FindMember(mdTypeDef, LPCWSTR, PCCOR_SIGNATURE, ULONG, mdToken*) override
    {
        return marker(26);
    }
    HRESULT FindMethod(mdTypeDef, LPCWSTR, PCCOR_SIGNATURE, ULONG, mdMethodDef*) override
    {
        return marker(27);
    }
    HRESULT FindField(mdTypeDef, LPCWSTR, PCCOR_SIGNATURE, ULONG, mdFieldDef*) override
    {
        return marker(28);
    }
    HRESULT FindMemberRef(mdTypeRef, LPCWSTR, PCCOR_SIGNATURE, ULONG, mdMemberRef*) override
    {
        return marker(29);
    }
    HRESULT GetMethodProps(mdMethodDef mb, mdTypeDef* pClass, LPWSTR szMethod, ULONG cchMethod,
                           ULONG* pchMethod, DWORD* pdwAttr, PCCOR_SIGNATURE* ppvSigBlob,
                           ULONG* pcbSigBlob, ULONG* pulCodeRVA, DWORD* pdwImplFlags) override
    {
        last_token = mb;
        name_capacity = cchMethod;
        *pClass = 0x02000002;
        *pchMethod = 1;
        szMethod[0] = 0;
        *pdwAttr = 0x2000;
        *ppvSigBlob = nullptr;
        *pcbSigBlob = 0;
        *pulCodeRVA = 0;
        *pdwImplFlags = 0x80;
        return marker(30);
    }
    HRESULT GetMemberRefProps(mdMemberRef, mdToken*, LPWSTR, ULONG, ULONG*, PCCOR_SIGNATURE*,
                              ULONG*) override
    {
        return marker(31);
    }
    HRESULT EnumProperties(HCORENUM*, mdTypeDef, mdProperty*, ULONG, ULONG*) override
    {
        return marker(32);
    }
    HRESULT EnumEvents(HCORENUM*, mdTypeDef, mdEvent*, ULONG, ULONG*) override
    {
        return marker(33);
    }
    HRESULT GetEventProps(mdEvent, mdTypeDef*, LPCWSTR, ULONG, ULONG*, DWORD*, mdToken*,
                          mdMethodDef*, mdMethodDef*, mdMethodDef*, mdMethodDef*, ULONG,
                          ULONG*) override
    {
        return marker(34);
    }
    HRESULT EnumMethodSemantics(HCORENUM*, mdMethodDef, mdToken*, ULONG, ULONG*) override
    {
        return marker(35);
    }
    HRESULT GetMethodSemantics(mdMethodDef, mdToken, DWORD*) override { return marker(36); }
    HRESULT GetClassLayout(mdTypeDef, DWORD*, COR_FIELD_OFFSET*, ULONG, ULONG*, ULONG*) override
    {
        return marker(37);
    }
    HRESULT GetFieldMarshal(mdToken, PCCOR_SIGNATURE*, ULONG*) override { return marker(38); }
    HRESULT GetRVA(mdToken, ULONG*, DWORD*) override { return marker(39); }
    HRESULT GetPermissionSetProps(mdPermission, DWORD*, const void**, ULONG*) override
    {
        return marker(40);
    }
    HRESULT GetSigFromToken(mdSignature, PCCOR_SIGNATURE*, ULONG*) override { return marker(41); }
    HRESULT GetModuleRefProps(mdModuleRef mur, LPWSTR szName, ULONG cchName,
                              ULONG* pchName) override
    {
        last_token = mur;
        name_capacity = cchName;
        *pchName = 1;
        szName[0] = 0;
        return marker(42);
    }
    HRESULT EnumModuleRefs(HCORENUM*, mdModuleRef*, ULONG, ULONG*) override { return marker(43); }
    HRESULT GetTypeSpecFromToken(mdTypeSpec, PCCOR_SIGNATURE*, ULONG*) override
    {
        return marker(44);
    }
    HRESULT GetNameFromToken(mdToken, MDUTF8CSTR*) override { return marker(45); }
    HRESULT EnumUnresolvedMethods(HCORENUM*, mdToken*, ULONG, ULONG*) override
    {
        return marker(46);
    }
    HRESULT GetUserString(mdString, LPWSTR, ULONG, ULONG*) override { return marker(47); }
    HRESULT GetPinvokeMap(mdToken tk, DWORD* pdwMappingFlags, LPWSTR szImportName,
                          ULONG cchImportName, ULONG* pchImportName,
                          mdModuleRef* pmrImportDLL) override
    {
        last_token = tk;
        name_capacity = cchImportName;
        *pdwMappingFlags = 0x0100;
        *pchImportName = 1;
        szImportName[0] = 0;
        *pmrImportDLL = 0x1A000001;
        return marker(48);
    }
    HRESULT EnumSignatures(HCORENUM*, mdSignature*, ULONG, ULONG*) override { return marker(49); }
    HRESULT EnumTypeSpecs(HCORENUM*, mdTypeSpec*, ULONG, ULONG*) override { return marker(50); }
    HRESULT EnumUserStrings(HCORENUM*, mdString*, ULONG, ULONG*) override { return marker(51); }
    HRESULT GetParamForMethodIndex(mdMethodDef, ULONG, mdParamDef*) override { return marker(52); }
    HRESULT EnumCustomAttributes(HCORENUM*, mdToken, mdToken, mdCustomAttribute*, ULONG,
                                 ULONG*) override
    {
        return marker(53);
    }
    HRESULT GetCustomAttributeProps(mdCustomAttribute, mdToken*, mdToken*, const void**,
                                    ULONG*) override
    {
        return marker(54);
    }
    HRESULT FindTypeRef(mdToken, LPCWSTR, mdTypeRef*) override { return marker(55); }
    HRESULT GetMemberProps(mdToken, mdTypeDef*, LPWSTR, ULONG, ULONG*, DWORD*, PCCOR_SIGNATURE*,
                           ULONG*, ULONG*, DWORD*, DWORD*, UVCP_CONSTANT*, ULONG*) override
    {
        return marker(56);
    }
    HRESULT GetFieldProps(mdFieldDef, mdTypeDef*, LPWSTR, ULONG, ULONG*, DWORD*, PCCOR_SIGNATURE*,
                          ULONG*, DWORD*, UVCP_CONSTANT*, ULONG*) override
    {
        return marker(57);
    }
    HRESULT GetPropertyProps(mdProperty, mdTypeDef*, LPCWSTR, ULONG, ULONG*, DWORD*,
                             PCCOR_SIGNATURE*, ULONG*, DWORD*, UVCP_CONSTANT*, ULONG*, mdMethodDef*,
                             mdMethodDef*, mdMethodDef*, ULONG, ULONG*) override
    {
        return marker(58);
    }
    HRESULT GetParamProps(mdParamDef, mdMethodDef*, ULONG*, LPWSTR, ULONG, ULONG*, DWORD*, DWORD*,
                          UVCP_CONSTANT*, ULONG*) override
    {
        return marker(59);
    }
    HRESULT GetCustomAttributeByName(mdToken, LPCWSTR, const void**, ULONG*) override
    {
        return marker(60);
    }
    BOOL IsValidToken(mdToken tk) override { return static_cast<BOOL>(marker(61)); }
    HRESULT GetNestedClassProps(mdTypeDef tdNestedClass, mdTypeDef* ptdEnclosingClass) override
    {
        last_token = tdNestedClass;
        *ptdEnclosingClass = 0x02000001;
        return marker(62);
    }
    HRESULT GetNativeCallConvFromSig(const void*, ULONG, ULONG*) override { return marker(63); }
    HRESULT IsGlobal(mdToken, int*) override { return marker(64); }
};

class FakeFactory final : public FakeUnknown<IClassFactory> {
public:
    HRESULT CreateInstance(IUnknown*, REFIID, void**) override { return marker(3); }
    HRESULT LockServer(BOOL) override { return marker(4); }
};

static_assert(!std::has_virtual_destructor_v<ICorProfilerCallback11>);
static_assert(!std::has_virtual_destructor_v<ICorProfilerInfo>);
static_assert(!std::has_virtual_destructor_v<IMetaDataImport>);
static_assert(!std::has_virtual_destructor_v<IClassFactory>);
static_assert(!std::has_virtual_destructor_v<ProfilerCallbackDefaults>);
static_assert(sizeof(ICorProfilerCallback11) == sizeof(void*)); // a vptr and nothing else
static_assert(std::is_base_of_v<ICorProfilerCallback3, ICorProfilerCallback11>);

TEST(ProfilingAbiSlots, CallbackEveryMethod)
{
    EXPECT_SLOT(ICorProfilerCallback, Initialize, 3);
    EXPECT_SLOT(ICorProfilerCallback, Shutdown, 4);
    EXPECT_SLOT(ICorProfilerCallback, AppDomainCreationStarted, 5);
    EXPECT_SLOT(ICorProfilerCallback, AppDomainCreationFinished, 6);
    EXPECT_SLOT(ICorProfilerCallback, AppDomainShutdownStarted, 7);
    EXPECT_SLOT(ICorProfilerCallback, AppDomainShutdownFinished, 8);
    EXPECT_SLOT(ICorProfilerCallback, AssemblyLoadStarted, 9);
    EXPECT_SLOT(ICorProfilerCallback, AssemblyLoadFinished, 10);
    EXPECT_SLOT(ICorProfilerCallback, AssemblyUnloadStarted, 11);
    EXPECT_SLOT(ICorProfilerCallback, AssemblyUnloadFinished, 12);
    EXPECT_SLOT(ICorProfilerCallback, ModuleLoadStarted, 13);
    EXPECT_SLOT(ICorProfilerCallback, ModuleLoadFinished, 14);
    EXPECT_SLOT(ICorProfilerCallback, ModuleUnloadStarted, 15);
    EXPECT_SLOT(ICorProfilerCallback, ModuleUnloadFinished, 16);
    EXPECT_SLOT(ICorProfilerCallback, ModuleAttachedToAssembly, 17);
    EXPECT_SLOT(ICorProfilerCallback, ClassLoadStarted, 18);
    EXPECT_SLOT(ICorProfilerCallback, ClassLoadFinished, 19);
    EXPECT_SLOT(ICorProfilerCallback, ClassUnloadStarted, 20);
    EXPECT_SLOT(ICorProfilerCallback, ClassUnloadFinished, 21);
    EXPECT_SLOT(ICorProfilerCallback, FunctionUnloadStarted, 22);
    EXPECT_SLOT(ICorProfilerCallback, JITCompilationStarted, 23);
    EXPECT_SLOT(ICorProfilerCallback, JITCompilationFinished, 24);
    EXPECT_SLOT(ICorProfilerCallback, JITCachedFunctionSearchStarted, 25);
    EXPECT_SLOT(ICorProfilerCallback, JITCachedFunctionSearchFinished, 26);
    EXPECT_SLOT(ICorProfilerCallback, JITFunctionPitched, 27);
    EXPECT_SLOT(ICorProfilerCallback, JITInlining, 28);
    EXPECT_SLOT(ICorProfilerCallback, ThreadCreated, 29);
    EXPECT_SLOT(ICorProfilerCallback, ThreadDestroyed, 30);
    EXPECT_SLOT(ICorProfilerCallback, ThreadAssignedToOSThread, 31);
    EXPECT_SLOT(ICorProfilerCallback, RemotingClientInvocationStarted, 32);
    EXPECT_SLOT(ICorProfilerCallback, RemotingClientSendingMessage, 33);
    EXPECT_SLOT(ICorProfilerCallback, RemotingClientReceivingReply, 34);
    EXPECT_SLOT(ICorProfilerCallback, RemotingClientInvocationFinished, 35);
    EXPECT_SLOT(ICorProfilerCallback, RemotingServerReceivingMessage, 36);
    EXPECT_SLOT(ICorProfilerCallback, RemotingServerInvocationStarted, 37);
    EXPECT_SLOT(ICorProfilerCallback, RemotingServerInvocationReturned, 38);
    EXPECT_SLOT(ICorProfilerCallback, RemotingServerSendingReply, 39);
    EXPECT_SLOT(ICorProfilerCallback, UnmanagedToManagedTransition, 40);
    EXPECT_SLOT(ICorProfilerCallback, ManagedToUnmanagedTransition, 41);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeSuspendStarted, 42);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeSuspendFinished, 43);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeSuspendAborted, 44);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeResumeStarted, 45);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeResumeFinished, 46);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeThreadSuspended, 47);
    EXPECT_SLOT(ICorProfilerCallback, RuntimeThreadResumed, 48);
    EXPECT_SLOT(ICorProfilerCallback, MovedReferences, 49);
    EXPECT_SLOT(ICorProfilerCallback, ObjectAllocated, 50);
    EXPECT_SLOT(ICorProfilerCallback, ObjectsAllocatedByClass, 51);
    EXPECT_SLOT(ICorProfilerCallback, ObjectReferences, 52);
    EXPECT_SLOT(ICorProfilerCallback, RootReferences, 53);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionThrown, 54);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionSearchFunctionEnter, 55);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionSearchFunctionLeave, 56);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionSearchFilterEnter, 57);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionSearchFilterLeave, 58);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionSearchCatcherFound, 59);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionOSHandlerEnter, 60);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionOSHandlerLeave, 61);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionUnwindFunctionEnter, 62);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionUnwindFunctionLeave, 63);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionUnwindFinallyEnter, 64);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionUnwindFinallyLeave, 65);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionCatcherEnter, 66);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionCatcherLeave, 67);
    EXPECT_SLOT(ICorProfilerCallback, COMClassicVTableCreated, 68);
    EXPECT_SLOT(ICorProfilerCallback, COMClassicVTableDestroyed, 69);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionCLRCatcherFound, 70);
    EXPECT_SLOT(ICorProfilerCallback, ExceptionCLRCatcherExecute, 71);
    EXPECT_SLOT(ICorProfilerCallback2, ThreadNameChanged, 72);
    EXPECT_SLOT(ICorProfilerCallback2, GarbageCollectionStarted, 73);
    EXPECT_SLOT(ICorProfilerCallback2, SurvivingReferences, 74);
    EXPECT_SLOT(ICorProfilerCallback2, GarbageCollectionFinished, 75);
    EXPECT_SLOT(ICorProfilerCallback2, FinalizeableObjectQueued, 76);
    EXPECT_SLOT(ICorProfilerCallback2, RootReferences2, 77);
    EXPECT_SLOT(ICorProfilerCallback2, HandleCreated, 78);
    EXPECT_SLOT(ICorProfilerCallback2, HandleDestroyed, 79);
    EXPECT_SLOT(ICorProfilerCallback3, InitializeForAttach, 80);
    EXPECT_SLOT(ICorProfilerCallback3, ProfilerAttachComplete, 81);
    EXPECT_SLOT(ICorProfilerCallback3, ProfilerDetachSucceeded, 82);
    EXPECT_SLOT(ICorProfilerCallback4, ReJITCompilationStarted, 83);
    EXPECT_SLOT(ICorProfilerCallback4, GetReJITParameters, 84);
    EXPECT_SLOT(ICorProfilerCallback4, ReJITCompilationFinished, 85);
    EXPECT_SLOT(ICorProfilerCallback4, ReJITError, 86);
    EXPECT_SLOT(ICorProfilerCallback4, MovedReferences2, 87);
    EXPECT_SLOT(ICorProfilerCallback4, SurvivingReferences2, 88);
    EXPECT_SLOT(ICorProfilerCallback5, ConditionalWeakTableElementReferences, 89);
    EXPECT_SLOT(ICorProfilerCallback6, GetAssemblyReferences, 90);
    EXPECT_SLOT(ICorProfilerCallback7, ModuleInMemorySymbolsUpdated, 91);
    EXPECT_SLOT(ICorProfilerCallback8, DynamicMethodJITCompilationStarted, 92);
    EXPECT_SLOT(ICorProfilerCallback8, DynamicMethodJITCompilationFinished, 93);
    EXPECT_SLOT(ICorProfilerCallback9, DynamicMethodUnloaded, 94);
    EXPECT_SLOT(ICorProfilerCallback10, EventPipeEventDelivered, 95);
    EXPECT_SLOT(ICorProfilerCallback10, EventPipeProviderCreated, 96);
    EXPECT_SLOT(ICorProfilerCallback11, LoadAsNotificationOnly, 97);
}

TEST(ProfilingAbiSlots, InfoPrefixEveryMethod)
{
    EXPECT_SLOT(ICorProfilerInfo, GetClassFromObject, 3);
    EXPECT_SLOT(ICorProfilerInfo, GetClassFromToken, 4);
    EXPECT_SLOT(ICorProfilerInfo, GetCodeInfo, 5);
    EXPECT_SLOT(ICorProfilerInfo, GetEventMask, 6);
    EXPECT_SLOT(ICorProfilerInfo, GetFunctionFromIP, 7);
    EXPECT_SLOT(ICorProfilerInfo, GetFunctionFromToken, 8);
    EXPECT_SLOT(ICorProfilerInfo, GetHandleFromThread, 9);
    EXPECT_SLOT(ICorProfilerInfo, GetObjectSize, 10);
    EXPECT_SLOT(ICorProfilerInfo, IsArrayClass, 11);
    EXPECT_SLOT(ICorProfilerInfo, GetThreadInfo, 12);
    EXPECT_SLOT(ICorProfilerInfo, GetCurrentThreadID, 13);
    EXPECT_SLOT(ICorProfilerInfo, GetClassIDInfo, 14);
    EXPECT_SLOT(ICorProfilerInfo, GetFunctionInfo, 15);
    EXPECT_SLOT(ICorProfilerInfo, SetEventMask, 16);
    EXPECT_SLOT(ICorProfilerInfo, SetEnterLeaveFunctionHooks, 17);
    EXPECT_SLOT(ICorProfilerInfo, SetFunctionIDMapper, 18);
    EXPECT_SLOT(ICorProfilerInfo, GetTokenAndMetaDataFromFunction, 19);
    EXPECT_SLOT(ICorProfilerInfo, GetModuleInfo, 20);
    EXPECT_SLOT(ICorProfilerInfo, GetModuleMetaData, 21);
    EXPECT_SLOT(ICorProfilerInfo2, DoStackSnapshot, 36);
}

TEST(ProfilingAbiSlots, MetaDataImportEveryMethod)
{
    EXPECT_SLOT(IMetaDataImport, CloseEnum, 3);
    EXPECT_SLOT(IMetaDataImport, CountEnum, 4);
    EXPECT_SLOT(IMetaDataImport, ResetEnum, 5);
    EXPECT_SLOT(IMetaDataImport, EnumTypeDefs, 6);
    EXPECT_SLOT(IMetaDataImport, EnumInterfaceImpls, 7);
    EXPECT_SLOT(IMetaDataImport, EnumTypeRefs, 8);
    EXPECT_SLOT(IMetaDataImport, FindTypeDefByName, 9);
    EXPECT_SLOT(IMetaDataImport, GetScopeProps, 10);
    EXPECT_SLOT(IMetaDataImport, GetModuleFromScope, 11);
    EXPECT_SLOT(IMetaDataImport, GetTypeDefProps, 12);
    EXPECT_SLOT(IMetaDataImport, GetInterfaceImplProps, 13);
    EXPECT_SLOT(IMetaDataImport, GetTypeRefProps, 14);
    EXPECT_SLOT(IMetaDataImport, ResolveTypeRef, 15);
    EXPECT_SLOT(IMetaDataImport, EnumMembers, 16);
    EXPECT_SLOT(IMetaDataImport, EnumMembersWithName, 17);
    EXPECT_SLOT(IMetaDataImport, EnumMethods, 18);
    EXPECT_SLOT(IMetaDataImport, EnumMethodsWithName, 19);
    EXPECT_SLOT(IMetaDataImport, EnumFields, 20);
    EXPECT_SLOT(IMetaDataImport, EnumFieldsWithName, 21);
    EXPECT_SLOT(IMetaDataImport, EnumParams, 22);
    EXPECT_SLOT(IMetaDataImport, EnumMemberRefs, 23);
    EXPECT_SLOT(IMetaDataImport, EnumMethodImpls, 24);
    EXPECT_SLOT(IMetaDataImport, EnumPermissionSets, 25);
    EXPECT_SLOT(IMetaDataImport, FindMember, 26);
    EXPECT_SLOT(IMetaDataImport, FindMethod, 27);
    EXPECT_SLOT(IMetaDataImport, FindField, 28);
    EXPECT_SLOT(IMetaDataImport, FindMemberRef, 29);
    EXPECT_SLOT(IMetaDataImport, GetMethodProps, 30);
    EXPECT_SLOT(IMetaDataImport, GetMemberRefProps, 31);
    EXPECT_SLOT(IMetaDataImport, EnumProperties, 32);
    EXPECT_SLOT(IMetaDataImport, EnumEvents, 33);
    EXPECT_SLOT(IMetaDataImport, GetEventProps, 34);
    EXPECT_SLOT(IMetaDataImport, EnumMethodSemantics, 35);
    EXPECT_SLOT(IMetaDataImport, GetMethodSemantics, 36);
    EXPECT_SLOT(IMetaDataImport, GetClassLayout, 37);
    EXPECT_SLOT(IMetaDataImport, GetFieldMarshal, 38);
    EXPECT_SLOT(IMetaDataImport, GetRVA, 39);
    EXPECT_SLOT(IMetaDataImport, GetPermissionSetProps, 40);
    EXPECT_SLOT(IMetaDataImport, GetSigFromToken, 41);
    EXPECT_SLOT(IMetaDataImport, GetModuleRefProps, 42);
    EXPECT_SLOT(IMetaDataImport, EnumModuleRefs, 43);
    EXPECT_SLOT(IMetaDataImport, GetTypeSpecFromToken, 44);
    EXPECT_SLOT(IMetaDataImport, GetNameFromToken, 45);
    EXPECT_SLOT(IMetaDataImport, EnumUnresolvedMethods, 46);
    EXPECT_SLOT(IMetaDataImport, GetUserString, 47);
    EXPECT_SLOT(IMetaDataImport, GetPinvokeMap, 48);
    EXPECT_SLOT(IMetaDataImport, EnumSignatures, 49);
    EXPECT_SLOT(IMetaDataImport, EnumTypeSpecs, 50);
    EXPECT_SLOT(IMetaDataImport, EnumUserStrings, 51);
    EXPECT_SLOT(IMetaDataImport, GetParamForMethodIndex, 52);
    EXPECT_SLOT(IMetaDataImport, EnumCustomAttributes, 53);
    EXPECT_SLOT(IMetaDataImport, GetCustomAttributeProps, 54);
    EXPECT_SLOT(IMetaDataImport, FindTypeRef, 55);
    EXPECT_SLOT(IMetaDataImport, GetMemberProps, 56);
    EXPECT_SLOT(IMetaDataImport, GetFieldProps, 57);
    EXPECT_SLOT(IMetaDataImport, GetPropertyProps, 58);
    EXPECT_SLOT(IMetaDataImport, GetParamProps, 59);
    EXPECT_SLOT(IMetaDataImport, GetCustomAttributeByName, 60);
    EXPECT_SLOT(IMetaDataImport, IsValidToken, 61);
    EXPECT_SLOT(IMetaDataImport, GetNestedClassProps, 62);
    EXPECT_SLOT(IMetaDataImport, GetNativeCallConvFromSig, 63);
    EXPECT_SLOT(IMetaDataImport, IsGlobal, 64);
}

TEST(ProfilingAbiSlots, ClassFactory)
{
    EXPECT_SLOT(IClassFactory, CreateInstance, 3);
    EXPECT_SLOT(IClassFactory, LockServer, 4);
}

TEST(ProfilingAbiCalls, CallbackThroughRawVtable)
{
    MarkedProfiler profiler;
    FakeInfo info;
    void* self = static_cast<ICorProfilerCallback11*>(&profiler);

    EXPECT_EQ(call_slot<HRESULT>(self, 3, static_cast<IUnknown*>(&info)), marker(3));
    EXPECT_EQ(profiler.info, static_cast<IUnknown*>(&info));
    EXPECT_EQ(call_slot<HRESULT>(self, 4), marker(4));
    EXPECT_EQ(call_slot<HRESULT>(self, 39, static_cast<GUID*>(nullptr), BOOL{0}), marker(39));

    const FunctionID function = 0x1122334455667788;
    EXPECT_EQ(call_slot<HRESULT>(self, 40, function, COR_PRF_TRANSITION_RETURN), marker(40));
    EXPECT_EQ(profiler.transition_function, function);
    EXPECT_EQ(profiler.transition_reason, COR_PRF_TRANSITION_RETURN);
    EXPECT_EQ(call_slot<HRESULT>(self, 41, function + 1, COR_PRF_TRANSITION_CALL), marker(41));
    EXPECT_EQ(profiler.transition_function, function + 1);
    EXPECT_EQ(profiler.transition_reason, COR_PRF_TRANSITION_CALL);

    EXPECT_EQ(call_slot<HRESULT>(self, 42, COR_PRF_SUSPEND_FOR_GC), marker(42));
    EXPECT_EQ(call_slot<HRESULT>(self, 71), marker(71));
    WCHAR name[] = u"t";
    EXPECT_EQ(call_slot<HRESULT>(self, 72, ThreadID{1}, ULONG{1}, name), marker(72));
    EXPECT_EQ(call_slot<HRESULT>(self, 79, GCHandleID{1}), marker(79));
    EXPECT_EQ(call_slot<HRESULT>(self, 80, static_cast<IUnknown*>(nullptr),
                                 static_cast<void*>(nullptr), UINT{0}),
              marker(80));
    EXPECT_EQ(call_slot<HRESULT>(self, 83, FunctionID{1}, ReJITID{1}, BOOL{1}), marker(83));
    EXPECT_EQ(call_slot<HRESULT>(self, 96, EVENTPIPE_PROVIDER{1}), marker(96));
    BOOL notification_only = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 97, &notification_only), marker(97));
    EXPECT_EQ(notification_only, 1);

    // Slots the profiler left alone still answer the defaults.
    EXPECT_EQ(call_slot<HRESULT>(self, 5, AppDomainID{1}), S_OK);
    void* object = &object;
    EXPECT_EQ(call_slot<HRESULT>(self, 0, &IID_ICorProfilerCallback3, &object), E_NOINTERFACE);
    EXPECT_EQ(object, nullptr);
}

TEST(ProfilingAbiCalls, DefaultsAnswerSOkAndFullProfiler)
{
    BareProfiler profiler;
    void* self = static_cast<ICorProfilerCallback11*>(&profiler);
    EXPECT_EQ(call_slot<HRESULT>(self, 3, static_cast<IUnknown*>(nullptr)), S_OK);
    EXPECT_EQ(call_slot<HRESULT>(self, 40, FunctionID{7}, COR_PRF_TRANSITION_CALL), S_OK);
    EXPECT_EQ(call_slot<HRESULT>(self, 71), S_OK);
    EXPECT_EQ(call_slot<HRESULT>(self, 72, ThreadID{1}, ULONG{0}, static_cast<WCHAR*>(nullptr)),
              S_OK);
    BOOL notification_only = 7;
    EXPECT_EQ(call_slot<HRESULT>(self, 97, &notification_only), S_OK);
    EXPECT_EQ(notification_only, 0);
}

TEST(ProfilingAbiCalls, InfoThroughRawVtable)
{
    FakeInfo info;
    void* self = static_cast<ICorProfilerInfo*>(&info);

    ClassID class_id = 0;
    ModuleID module_id = 0;
    mdToken token = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 15, FunctionID{0x100000000}, &class_id, &module_id, &token),
              marker(15));
    EXPECT_EQ(class_id, 0x100000001u);
    EXPECT_EQ(module_id, 0x100000002u);
    EXPECT_EQ(token, 0x06000042u);

    const DWORD mask = COR_PRF_MONITOR_CODE_TRANSITIONS | COR_PRF_MONITOR_THREADS;
    EXPECT_EQ(call_slot<HRESULT>(self, 16, mask), marker(16));
    EXPECT_EQ(info.event_mask, 0xA00u);

    EXPECT_EQ(call_slot<HRESULT>(self, 19, FunctionID{1}, &IID_IMetaDataImport,
                                 static_cast<IUnknown**>(nullptr), static_cast<mdToken*>(nullptr)),
              marker(19));

    LPCBYTE base = nullptr;
    ULONG length = 0;
    WCHAR name[8] = {};
    AssemblyID assembly = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 20, ModuleID{0xABCDEF012345}, &base, ULONG{8}, &length, name,
                                 &assembly),
              marker(20));
    EXPECT_EQ(info.last_module, 0xABCDEF012345u);
    EXPECT_EQ(info.name_capacity, 8u);
    EXPECT_EQ(length, 2u);
    EXPECT_EQ(name[0], u'm');
    EXPECT_EQ(assembly, 0x77u);

    IUnknown* metadata = &info;
    EXPECT_EQ(call_slot<HRESULT>(self, 21, ModuleID{5}, ofRead, &IID_IMetaDataImport, &metadata),
              marker(21));
    EXPECT_EQ(info.last_module, 5u);
    EXPECT_EQ(info.open_flags, ofRead);
    EXPECT_TRUE(info.asked_metadata_import);
    EXPECT_EQ(metadata, nullptr);

    EXPECT_EQ(call_slot<HRESULT>(self, 14, ClassID{1}, &module_id, &token), marker(14));
}

TEST(ProfilingAbiCalls, MetaDataImportThroughRawVtable)
{
    FakeImport import;
    void* self = static_cast<IMetaDataImport*>(&import);
    WCHAR name[16] = {};
    ULONG length = 0;

    int enumerator = 0;
    call_slot<void>(self, 3, static_cast<HCORENUM>(&enumerator));
    EXPECT_EQ(import.closed, &enumerator);
    ULONG count = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 4, static_cast<HCORENUM>(&enumerator), &count), marker(4));

    DWORD flags = 0;
    mdToken extends = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 12, mdTypeDef{0x02000005}, name, ULONG{16}, &length, &flags,
                                 &extends),
              marker(12));
    EXPECT_EQ(import.last_token, 0x02000005u);
    EXPECT_EQ(import.name_capacity, 16u);
    EXPECT_EQ(flags, 0x100u);
    EXPECT_EQ(extends, 0x01000001u);

    mdTypeDef owner = 0;
    DWORD attributes = 0;
    PCCOR_SIGNATURE signature = nullptr;
    ULONG signature_size = 0;
    ULONG rva = 0;
    DWORD impl_flags = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 30, mdMethodDef{0x06000007}, &owner, name, ULONG{15},
                                 &length, &attributes, &signature, &signature_size, &rva,
                                 &impl_flags),
              marker(30));
    EXPECT_EQ(import.last_token, 0x06000007u);
    EXPECT_EQ(import.name_capacity, 15u);
    EXPECT_EQ(owner, 0x02000002u);
    EXPECT_EQ(attributes, 0x2000u);
    EXPECT_EQ(impl_flags, 0x80u);

    EXPECT_EQ(call_slot<HRESULT>(self, 42, mdModuleRef{0x1A000003}, name, ULONG{14}, &length),
              marker(42));
    EXPECT_EQ(import.last_token, 0x1A000003u);
    EXPECT_EQ(import.name_capacity, 14u);

    DWORD mapping = 0;
    mdModuleRef module_ref = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 48, mdToken{0x06000009}, &mapping, name, ULONG{13}, &length,
                                 &module_ref),
              marker(48));
    EXPECT_EQ(import.last_token, 0x06000009u);
    EXPECT_EQ(import.name_capacity, 13u);
    EXPECT_EQ(mapping, 0x0100u);
    EXPECT_EQ(module_ref, 0x1A000001u);

    EXPECT_EQ(call_slot<BOOL>(self, 61, mdToken{1}), static_cast<BOOL>(marker(61)));

    mdTypeDef enclosing = 0;
    EXPECT_EQ(call_slot<HRESULT>(self, 62, mdTypeDef{0x02000004}, &enclosing), marker(62));
    EXPECT_EQ(import.last_token, 0x02000004u);
    EXPECT_EQ(enclosing, 0x02000001u);

    EXPECT_EQ(call_slot<HRESULT>(self, 64, mdToken{1}, static_cast<int*>(nullptr)), marker(64));
}

TEST(ProfilingAbiCalls, ClassFactoryThroughRawVtable)
{
    FakeFactory factory;
    void* self = static_cast<IClassFactory*>(&factory);
    void* object = nullptr;
    EXPECT_EQ(call_slot<HRESULT>(self, 3, static_cast<IUnknown*>(nullptr),
                                 &IID_ICorProfilerCallback11, &object),
              marker(3));
    EXPECT_EQ(call_slot<HRESULT>(self, 4, BOOL{1}), marker(4));
}

std::string iid_text(const IID& id)
{
    char text[40];
    std::snprintf(text, sizeof text, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                  static_cast<unsigned>(id.Data1), static_cast<unsigned>(id.Data2),
                  static_cast<unsigned>(id.Data3), id.Data4[0], id.Data4[1], id.Data4[2],
                  id.Data4[3], id.Data4[4], id.Data4[5], id.Data4[6], id.Data4[7]);
    return text;
}

// The registry-format strings from the IDL uuid() attributes and cor.h's comment, typed
// independently of the brace initializers they check.
TEST(ProfilingAbiIids, MatchTheirRegistryStrings)
{
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback), "176FBED1-A55C-4796-98CA-A9DA0EF883E7");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback2), "8A8CC829-CCF2-49FE-BBAE-0F022228071A");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback3), "4FD2ED52-7731-4B8D-9469-03D2CC3086C5");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback4), "7B63B2E3-107D-4D48-B2F6-F61E229470D2");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback5), "8DFBA405-8C9F-45F8-BFFA-83B14CEF78B5");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback6), "FC13DF4B-4448-4F4F-950C-BA8D19D00C36");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback7), "F76A2DBA-1D52-4539-866C-2AA518F9EFC3");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback8), "5BED9B15-C079-4D47-BFE2-215A140C07E0");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback9), "27583EC3-C8F5-482F-8052-194B8CE4705A");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback10), "CEC5B60E-C69C-495F-87F6-84D28EE16FFB");
    EXPECT_EQ(iid_text(IID_ICorProfilerCallback11), "42350846-AAED-47F7-B128-FD0C98881CDE");
    EXPECT_EQ(iid_text(IID_ICorProfilerInfo), "28B5557D-3F3F-48B4-90B2-5F9EEA2F6C48");
    EXPECT_EQ(iid_text(IID_ICorProfilerInfo2), "CC0935CD-A518-487D-B0BB-A93214E65478");
    EXPECT_EQ(iid_text(IID_ICorProfilerInfo3), "B555ED4F-452A-4E54-8B39-B5360BAD32A0");
    EXPECT_EQ(iid_text(IID_ICorProfilerInfo4), "0D8FDCAA-6257-47BF-B1BF-94DAC88466EE");
    EXPECT_EQ(iid_text(IID_ICorProfilerInfo5), "07602928-CE38-4B83-81E7-74ADAF781214");
    EXPECT_EQ(iid_text(IID_IMetaDataImport), "7DAC8207-D3AE-4C75-9B67-92801A497D44");
    EXPECT_EQ(iid_text(IID_IClassFactory), "00000001-0000-0000-C000-000000000046");
}

TEST(ProfilingAbiConstants, EventMaskAndEnumValues)
{
    EXPECT_EQ(COR_PRF_MONITOR_NONE, 0x0u);
    EXPECT_EQ(COR_PRF_MONITOR_EXCEPTIONS, 0x40u);
    EXPECT_EQ(COR_PRF_MONITOR_THREADS, 0x200u);
    EXPECT_EQ(COR_PRF_MONITOR_CODE_TRANSITIONS, 0x800u);
    EXPECT_EQ(COR_PRF_MONITOR_ENTERLEAVE, 0x1000u);
    EXPECT_EQ(COR_PRF_DISABLE_INLINING, 0x200000u);
    EXPECT_EQ(COR_PRF_DISABLE_ALL_NGEN_IMAGES, 0x80000000u);
    EXPECT_EQ(COR_PRF_TRANSITION_CALL, 0u);
    EXPECT_EQ(COR_PRF_TRANSITION_RETURN, 1u);
}

} // namespace
