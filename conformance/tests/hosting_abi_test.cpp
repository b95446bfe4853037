// Pins every slot of the hosting interfaces to MSCOREE.IDL's order (not the documentation pages'
// alphabetical one: docs/PLUGIN.md), the IIDs, the plug-in struct, and the HRESULT values: a host
// built against these headers gets the calls the runtime means.
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/tests/vtable_slot.h"

#include <clrhost/host_plugin.h>
#include <clrhost/hresult.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace {

using namespace clrhost;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;
using ::testing::Optional;

// hresult_parse's answer, printed by name.
std::optional<Hr> parsed(std::string_view text)
{
    const auto value = hresult_parse(text);
    return value ? std::optional<Hr>(Hr(*value)) : std::nullopt;
}

TEST(HostingAbi, IUnknownSlots)
{
    EXPECT_SLOT(IUnknown, QueryInterface, 0);
    EXPECT_SLOT(IUnknown, AddRef, 1);
    EXPECT_SLOT(IUnknown, Release, 2);
}

TEST(HostingAbi, IHostTaskManagerSlotsFollowTheIdl)
{
    EXPECT_SLOT(IHostTaskManager, GetCurrentTask, 3);
    EXPECT_SLOT(IHostTaskManager, CreateTask, 4);
    EXPECT_SLOT(IHostTaskManager, Sleep, 5);
    EXPECT_SLOT(IHostTaskManager, SwitchToTask, 6);
    EXPECT_SLOT(IHostTaskManager, SetUILocale, 7);
    EXPECT_SLOT(IHostTaskManager, SetLocale, 8);
    EXPECT_SLOT(IHostTaskManager, CallNeedsHostHook, 9);
    EXPECT_SLOT(IHostTaskManager, LeaveRuntime, 10);
    EXPECT_SLOT(IHostTaskManager, EnterRuntime, 11);
    EXPECT_SLOT(IHostTaskManager, ReverseLeaveRuntime, 12); // before ReverseEnterRuntime
    EXPECT_SLOT(IHostTaskManager, ReverseEnterRuntime, 13);
    EXPECT_SLOT(IHostTaskManager, BeginDelayAbort, 14);
    EXPECT_SLOT(IHostTaskManager, EndDelayAbort, 15);
    EXPECT_SLOT(IHostTaskManager, BeginThreadAffinity, 16);
    EXPECT_SLOT(IHostTaskManager, EndThreadAffinity, 17);
    EXPECT_SLOT(IHostTaskManager, SetStackGuarantee, 18);
    EXPECT_SLOT(IHostTaskManager, GetStackGuarantee, 19);
    EXPECT_SLOT(IHostTaskManager, SetCLRTaskManager, 20);
}

TEST(HostingAbi, IHostTaskSlotsFollowTheIdl)
{
    EXPECT_SLOT(IHostTask, Start, 3);
    EXPECT_SLOT(IHostTask, Alert, 4);
    EXPECT_SLOT(IHostTask, Join, 5);
    EXPECT_SLOT(IHostTask, SetPriority, 6);
    EXPECT_SLOT(IHostTask, GetPriority, 7);
    EXPECT_SLOT(IHostTask, SetCLRTask, 8);
}

TEST(HostingAbi, InterfacesAreOneVtablePointer)
{
    // No virtual destructor and no data: the object is what the runtime expects behind a pointer.
    static_assert(!std::has_virtual_destructor_v<IHostTaskManager>);
    static_assert(!std::has_virtual_destructor_v<IHostTask>);
    static_assert(sizeof(WCHAR) == 2 && sizeof(ULONG) == 4 && sizeof(DWORD) == 4);
    static_assert(sizeof(HRESULT) == 4 && sizeof(BOOL) == 4 && sizeof(SIZE_T) == sizeof(void*));
    struct Empty : IHostTaskManager {};
    EXPECT_EQ(sizeof(Empty), sizeof(void*));
}

TEST(HostingAbi, InterfaceIds)
{
    constexpr IID host_task_manager{
        0x997FF24C, 0x43B7, 0x4352, {0x86, 0x67, 0x0D, 0xC0, 0x4F, 0xAF, 0xD3, 0x54}};
    constexpr IID host_task{
        0xC2275828, 0xC4B1, 0x4B55, {0x82, 0xC9, 0x92, 0x13, 0x5F, 0x74, 0xDF, 0x1A}};
    EXPECT_TRUE(IID_IHostTaskManager == host_task_manager);
    EXPECT_TRUE(IID_IHostTask == host_task);
    EXPECT_FALSE(IID_IHostTask == IID_IHostTaskManager);
}

// The plug-in ABI as C++ hosts are built with it: fields only ever appended, never moved or
// retyped (docs/PLUGIN.md, "Versioning"). c_host_plugin.c pins the same layout in C.
TEST(HostingAbi, PluginStructLayout)
{
    constexpr std::size_t pointer = sizeof(void*);
    EXPECT_EQ(offsetof(clrhost_host_plugin, abi_version), 0u);
    EXPECT_EQ(offsetof(clrhost_host_plugin, struct_size), 4u);
    EXPECT_EQ(offsetof(clrhost_host_plugin, name), 8u);
    EXPECT_EQ(offsetof(clrhost_host_plugin, version), 8 + pointer);
    EXPECT_EQ(offsetof(clrhost_host_plugin, create_task_manager), 8 + 2 * pointer);
    EXPECT_EQ(offsetof(clrhost_host_plugin, capabilities), 8 + 3 * pointer);
    EXPECT_EQ(sizeof(clrhost_host_plugin), 8 + 4 * pointer);
    static_assert(std::is_same_v<decltype(clrhost_host_plugin::create_task_manager),
                                 HRESULT (*)(IHostTaskManager**)>);
    static_assert(std::is_same_v<clrhost_host_plugin_entry_fn, const clrhost_host_plugin* (*)()>);
    EXPECT_EQ(CLRHOST_HOST_PLUGIN_ABI_VERSION, 1u);
    EXPECT_STREQ(CLRHOST_HOST_PLUGIN_ENTRY, "clrhost_host_plugin_entry");
}

TEST(HostingAbi, HresultValuesAndNames)
{
    EXPECT_THAT(Hr(HOST_E_CLRNOTAVAILABLE), IsHresult(hr(0x80131023)));
    EXPECT_THAT(Hr(HOST_E_TIMEOUT), IsHresult(hr(0x80131024)));
    EXPECT_THAT(Hr(HOST_E_NOT_OWNER), IsHresult(hr(0x80131025)));
    EXPECT_THAT(Hr(HOST_E_ABANDONED), IsHresult(hr(0x80131026)));
    EXPECT_THAT(Hr(E_FAIL), IsHresult(hr(0x80004005)));
    EXPECT_THAT(Hr(E_OUTOFMEMORY), IsHresult(hr(0x8007000E)));
    EXPECT_EQ(hresult_describe(HOST_E_TIMEOUT), "HOST_E_TIMEOUT (0x80131024)");
    EXPECT_EQ(hresult_describe(hr(0x12345678)), "0x12345678");
    EXPECT_THAT(parsed("HOST_E_ABANDONED"), Optional(IsHresult(HOST_E_ABANDONED)));
    EXPECT_THAT(parsed("0x80004005"), Optional(IsHresult(E_FAIL)));
    EXPECT_THAT(parsed("0x8000400"), Optional(IsHresult(hr(0x8000400))));
    EXPECT_FALSE(hresult_parse("0xZZ").has_value());
    EXPECT_FALSE(hresult_parse("").has_value());
}

} // namespace
