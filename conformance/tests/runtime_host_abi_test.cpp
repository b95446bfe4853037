// Pins every slot of the runtime-hosting interfaces (include/clrhost/runtime_host_abi.h) to
// MSCOREE.IDL's and metahost.idl's order, and their GUIDs: the netfx runner (fixtures/netfx)
// calls mscoree through them, and the runtime calls the runner's IHostControl through them.
#include "conformance/tests/vtable_slot.h"

#include <clrhost/hresult.h>
#include <clrhost/runtime_host_abi.h>

#include <gtest/gtest.h>

#include <type_traits>

namespace {

using namespace clrhost;

TEST(RuntimeHostAbi, IHostControlSlotsFollowTheIdl)
{
    EXPECT_SLOT(IHostControl, GetHostManager, 3);
    EXPECT_SLOT(IHostControl, SetAppDomainManager, 4);
}

TEST(RuntimeHostAbi, ICLRRuntimeHostSlotsFollowTheIdl)
{
    EXPECT_SLOT(ICLRRuntimeHost, Start, 3);
    EXPECT_SLOT(ICLRRuntimeHost, Stop, 4);
    EXPECT_SLOT(ICLRRuntimeHost, SetHostControl, 5);
    EXPECT_SLOT(ICLRRuntimeHost, GetCLRControl, 6);
    EXPECT_SLOT(ICLRRuntimeHost, UnloadAppDomain, 7);
    EXPECT_SLOT(ICLRRuntimeHost, ExecuteInAppDomain, 8);
    EXPECT_SLOT(ICLRRuntimeHost, GetCurrentAppDomainId, 9);
    EXPECT_SLOT(ICLRRuntimeHost, ExecuteApplication, 10);
    EXPECT_SLOT(ICLRRuntimeHost, ExecuteInDefaultAppDomain, 11);
}

TEST(RuntimeHostAbi, ICLRRuntimeInfoSlotsFollowTheIdl)
{
    EXPECT_SLOT(ICLRRuntimeInfo, GetVersionString, 3);
    EXPECT_SLOT(ICLRRuntimeInfo, GetRuntimeDirectory, 4);
    EXPECT_SLOT(ICLRRuntimeInfo, IsLoaded, 5);
    EXPECT_SLOT(ICLRRuntimeInfo, LoadErrorString, 6);
    EXPECT_SLOT(ICLRRuntimeInfo, LoadLibrary, 7);
    EXPECT_SLOT(ICLRRuntimeInfo, GetProcAddress, 8);
    EXPECT_SLOT(ICLRRuntimeInfo, GetInterface, 9);
    EXPECT_SLOT(ICLRRuntimeInfo, IsLoadable, 10);
    EXPECT_SLOT(ICLRRuntimeInfo, SetDefaultStartupFlags, 11);
    EXPECT_SLOT(ICLRRuntimeInfo, GetDefaultStartupFlags, 12);
    EXPECT_SLOT(ICLRRuntimeInfo, BindAsLegacyV2Runtime, 13);
    EXPECT_SLOT(ICLRRuntimeInfo, IsStarted, 14);
}

TEST(RuntimeHostAbi, ICLRMetaHostSlotsFollowTheIdl)
{
    EXPECT_SLOT(ICLRMetaHost, GetRuntime, 3);
    EXPECT_SLOT(ICLRMetaHost, GetVersionFromFile, 4);
    EXPECT_SLOT(ICLRMetaHost, EnumerateInstalledRuntimes, 5);
    EXPECT_SLOT(ICLRMetaHost, EnumerateLoadedRuntimes, 6);
    EXPECT_SLOT(ICLRMetaHost, RequestRuntimeLoadedNotification, 7);
    EXPECT_SLOT(ICLRMetaHost, QueryLegacyV2RuntimeBinding, 8);
    EXPECT_SLOT(ICLRMetaHost, ExitProcess, 9);
}

TEST(RuntimeHostAbi, InterfacesAreOneVtablePointer)
{
    static_assert(!std::has_virtual_destructor_v<IHostControl>);
    static_assert(!std::has_virtual_destructor_v<ICLRRuntimeHost>);
    static_assert(!std::has_virtual_destructor_v<ICLRRuntimeInfo>);
    static_assert(!std::has_virtual_destructor_v<ICLRMetaHost>);
    struct Empty : ICLRRuntimeHost {};
    EXPECT_EQ(sizeof(Empty), sizeof(void*));
}

TEST(RuntimeHostAbi, GuidsAreMscorees)
{
    // The runtime host's class and interface differ in one digit of Data1 (...6E, ...6C).
    EXPECT_EQ(CLSID_CLRRuntimeHost.Data1, 0x90F1A06Eu);
    EXPECT_EQ(IID_ICLRRuntimeHost.Data1, 0x90F1A06Cu);
    EXPECT_FALSE(CLSID_CLRRuntimeHost == IID_ICLRRuntimeHost);
    EXPECT_EQ(CLSID_CLRMetaHost.Data1, 0x9280188Du);
    EXPECT_EQ(CLSID_CLRMetaHost.Data4[7], 0xDEu);
    EXPECT_EQ(IID_ICLRMetaHost.Data1, 0xD332DB9Eu);
    EXPECT_EQ(IID_ICLRMetaHost.Data4[7], 0x16u);
    EXPECT_EQ(IID_ICLRRuntimeInfo.Data1, 0xBD39D1D2u);
    EXPECT_EQ(IID_ICLRRuntimeInfo.Data3, 0x486Au);
    EXPECT_EQ(IID_IHostControl.Data1, 0x02CA073Cu);
    EXPECT_EQ(IID_IHostControl.Data4[0], 0x88u);
    EXPECT_EQ(hresult_describe(hr(0x80131700)), "CLR_E_SHIM_RUNTIMELOAD (0x80131700)");
}

} // namespace
