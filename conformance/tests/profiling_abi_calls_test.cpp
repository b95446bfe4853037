// Calls made the way the runtime makes them, through the raw vtable at the index read from
// dotnet/runtime's corprof.idl and cor.h with `this` first, must land in the method that answers
// that index's marker, with the arguments intact. The slots themselves, read without a call:
// profiling_abi_layout_test.cpp.
#include "conformance/tests/support/hresult_matchers.h"
#include "fixtures/bridge/profiler_callback_defaults.h"
#include "fixtures/bridge/profiling_abi.h"

#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace {

using namespace clrhost;
using namespace clrhost::prof;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;

// What the runtime does: fetch entry `slot` of the object's vtable and call it with `this` first.
template <class R, class... Args> R call_slot(void* self, std::size_t slot, Args... args)
{
    void* const* vtable = *static_cast<void* const* const*>(self);
    auto entry = reinterpret_cast<R (*)(void*, Args...)>(vtable[slot]);
    return entry(self, args...);
}

// The same for a method that returns an HRESULT, printed by name when it differs.
template <class... Args> Hr slot_answer(void* self, std::size_t slot, Args... args)
{
    return Hr(call_slot<HRESULT>(self, slot, args...));
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

TEST(ProfilingAbiCalls, CallbackThroughRawVtable)
{
    MarkedProfiler profiler;
    FakeInfo info;
    void* self = static_cast<ICorProfilerCallback11*>(&profiler);

    EXPECT_THAT(slot_answer(self, 3, static_cast<IUnknown*>(&info)), IsHresult(marker(3)));
    EXPECT_EQ(profiler.info, static_cast<IUnknown*>(&info));
    EXPECT_THAT(slot_answer(self, 4), IsHresult(marker(4)));
    EXPECT_THAT(slot_answer(self, 39, static_cast<GUID*>(nullptr), BOOL{0}), IsHresult(marker(39)));

    const FunctionID function = 0x1122334455667788;
    EXPECT_THAT(slot_answer(self, 40, function, COR_PRF_TRANSITION_RETURN), IsHresult(marker(40)));
    EXPECT_EQ(profiler.transition_function, function);
    EXPECT_EQ(profiler.transition_reason, COR_PRF_TRANSITION_RETURN);
    EXPECT_THAT(slot_answer(self, 41, function + 1, COR_PRF_TRANSITION_CALL),
                IsHresult(marker(41)));
    EXPECT_EQ(profiler.transition_function, function + 1);
    EXPECT_EQ(profiler.transition_reason, COR_PRF_TRANSITION_CALL);

    EXPECT_THAT(slot_answer(self, 42, COR_PRF_SUSPEND_FOR_GC), IsHresult(marker(42)));
    EXPECT_THAT(slot_answer(self, 71), IsHresult(marker(71)));
    WCHAR name[] = u"t";
    EXPECT_THAT(slot_answer(self, 72, ThreadID{1}, ULONG{1}, name), IsHresult(marker(72)));
    EXPECT_THAT(slot_answer(self, 79, GCHandleID{1}), IsHresult(marker(79)));
    EXPECT_THAT(slot_answer(self, 80, static_cast<IUnknown*>(nullptr), static_cast<void*>(nullptr),
                            UINT{0}),
                IsHresult(marker(80)));
    EXPECT_THAT(slot_answer(self, 83, FunctionID{1}, ReJITID{1}, BOOL{1}), IsHresult(marker(83)));
    EXPECT_THAT(slot_answer(self, 96, EVENTPIPE_PROVIDER{1}), IsHresult(marker(96)));
    BOOL notification_only = 0;
    EXPECT_THAT(slot_answer(self, 97, &notification_only), IsHresult(marker(97)));
    EXPECT_EQ(notification_only, 1);

    // Slots the profiler left alone still answer the defaults.
    EXPECT_THAT(slot_answer(self, 5, AppDomainID{1}), IsHresult(S_OK));
    void* object = &object;
    EXPECT_THAT(slot_answer(self, 0, &IID_ICorProfilerCallback3, &object),
                IsHresult(E_NOINTERFACE));
    EXPECT_EQ(object, nullptr);
}

TEST(ProfilingAbiCalls, DefaultsAnswerSOkAndFullProfiler)
{
    BareProfiler profiler;
    void* self = static_cast<ICorProfilerCallback11*>(&profiler);
    EXPECT_THAT(slot_answer(self, 3, static_cast<IUnknown*>(nullptr)), IsHresult(S_OK));
    EXPECT_THAT(slot_answer(self, 40, FunctionID{7}, COR_PRF_TRANSITION_CALL), IsHresult(S_OK));
    EXPECT_THAT(slot_answer(self, 71), IsHresult(S_OK));
    EXPECT_THAT(slot_answer(self, 72, ThreadID{1}, ULONG{0}, static_cast<WCHAR*>(nullptr)),
                IsHresult(S_OK));
    BOOL notification_only = 7;
    EXPECT_THAT(slot_answer(self, 97, &notification_only), IsHresult(S_OK));
    EXPECT_EQ(notification_only, 0);
}

TEST(ProfilingAbiCalls, InfoThroughRawVtable)
{
    FakeInfo info;
    void* self = static_cast<ICorProfilerInfo*>(&info);

    ClassID class_id = 0;
    ModuleID module_id = 0;
    mdToken token = 0;
    EXPECT_THAT(slot_answer(self, 15, FunctionID{0x100000000}, &class_id, &module_id, &token),
                IsHresult(marker(15)));
    EXPECT_EQ(class_id, 0x100000001u);
    EXPECT_EQ(module_id, 0x100000002u);
    EXPECT_EQ(token, 0x06000042u);

    const DWORD mask = COR_PRF_MONITOR_CODE_TRANSITIONS | COR_PRF_MONITOR_THREADS;
    EXPECT_THAT(slot_answer(self, 16, mask), IsHresult(marker(16)));
    EXPECT_EQ(info.event_mask, 0xA00u);

    EXPECT_THAT(slot_answer(self, 19, FunctionID{1}, &IID_IMetaDataImport,
                            static_cast<IUnknown**>(nullptr), static_cast<mdToken*>(nullptr)),
                IsHresult(marker(19)));

    LPCBYTE base = nullptr;
    ULONG length = 0;
    WCHAR name[8] = {};
    AssemblyID assembly = 0;
    EXPECT_THAT(
        slot_answer(self, 20, ModuleID{0xABCDEF012345}, &base, ULONG{8}, &length, name, &assembly),
        IsHresult(marker(20)));
    EXPECT_EQ(info.last_module, 0xABCDEF012345u);
    EXPECT_EQ(info.name_capacity, 8u);
    EXPECT_EQ(length, 2u);
    EXPECT_EQ(name[0], u'm');
    EXPECT_EQ(assembly, 0x77u);

    IUnknown* metadata = &info;
    EXPECT_THAT(slot_answer(self, 21, ModuleID{5}, ofRead, &IID_IMetaDataImport, &metadata),
                IsHresult(marker(21)));
    EXPECT_EQ(info.last_module, 5u);
    EXPECT_EQ(info.open_flags, ofRead);
    EXPECT_TRUE(info.asked_metadata_import);
    EXPECT_EQ(metadata, nullptr);

    EXPECT_THAT(slot_answer(self, 14, ClassID{1}, &module_id, &token), IsHresult(marker(14)));
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
    EXPECT_THAT(slot_answer(self, 4, static_cast<HCORENUM>(&enumerator), &count),
                IsHresult(marker(4)));

    DWORD flags = 0;
    mdToken extends = 0;
    EXPECT_THAT(
        slot_answer(self, 12, mdTypeDef{0x02000005}, name, ULONG{16}, &length, &flags, &extends),
        IsHresult(marker(12)));
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
    EXPECT_THAT(slot_answer(self, 30, mdMethodDef{0x06000007}, &owner, name, ULONG{15}, &length,
                            &attributes, &signature, &signature_size, &rva, &impl_flags),
                IsHresult(marker(30)));
    EXPECT_EQ(import.last_token, 0x06000007u);
    EXPECT_EQ(import.name_capacity, 15u);
    EXPECT_EQ(owner, 0x02000002u);
    EXPECT_EQ(attributes, 0x2000u);
    EXPECT_EQ(impl_flags, 0x80u);

    EXPECT_THAT(slot_answer(self, 42, mdModuleRef{0x1A000003}, name, ULONG{14}, &length),
                IsHresult(marker(42)));
    EXPECT_EQ(import.last_token, 0x1A000003u);
    EXPECT_EQ(import.name_capacity, 14u);

    DWORD mapping = 0;
    mdModuleRef module_ref = 0;
    EXPECT_THAT(
        slot_answer(self, 48, mdToken{0x06000009}, &mapping, name, ULONG{13}, &length, &module_ref),
        IsHresult(marker(48)));
    EXPECT_EQ(import.last_token, 0x06000009u);
    EXPECT_EQ(import.name_capacity, 13u);
    EXPECT_EQ(mapping, 0x0100u);
    EXPECT_EQ(module_ref, 0x1A000001u);

    EXPECT_EQ(call_slot<BOOL>(self, 61, mdToken{1}), static_cast<BOOL>(marker(61)));

    mdTypeDef enclosing = 0;
    EXPECT_THAT(slot_answer(self, 62, mdTypeDef{0x02000004}, &enclosing), IsHresult(marker(62)));
    EXPECT_EQ(import.last_token, 0x02000004u);
    EXPECT_EQ(enclosing, 0x02000001u);

    EXPECT_THAT(slot_answer(self, 64, mdToken{1}, static_cast<int*>(nullptr)),
                IsHresult(marker(64)));
}

TEST(ProfilingAbiCalls, ClassFactoryThroughRawVtable)
{
    FakeFactory factory;
    void* self = static_cast<IClassFactory*>(&factory);
    void* object = nullptr;
    EXPECT_THAT(
        slot_answer(self, 3, static_cast<IUnknown*>(nullptr), &IID_ICorProfilerCallback11, &object),
        IsHresult(marker(3)));
    EXPECT_THAT(slot_answer(self, 4, BOOL{1}), IsHresult(marker(4)));
}

} // namespace
