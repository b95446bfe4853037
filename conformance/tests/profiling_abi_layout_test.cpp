// Pins the profiling ABI's vtable layout to the slot numbers read from dotnet/runtime's
// corprof.idl (cross-checked against the MIDL output corprof.h) and cor.h: every method's slot,
// read without a call (the Itanium C++ ABI stores a pointer to a virtual member function as 1 +
// the byte offset of its vtable entry), the IIDs and the constants. That calls through those
// slots land where they must: profiling_abi_calls_test.cpp.
#include "fixtures/bridge/profiler_callback_defaults.h"
#include "fixtures/bridge/profiling_abi.h"

#include "conformance/tests/vtable_slot.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <type_traits>

namespace {

using namespace clrhost;
using namespace clrhost::prof;

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
