// Scenario S01 on real Mono (the mono driver, the app's .NET Framework build): the seed page's
// eight calls exactly, in order, on the thread that ran Main, with the two native targets this
// process resolves itself (dlsym), as DocTableOnCoreclr checks them on CoreCLR. The host under
// test is the build's host plug-in (CLRHOST_HOST_PLUGIN, else the reference host).
#include "conformance/scenario/scenario.h"
#include "conformance/trace/trace_format.h"
#include "fixtures/driver/host_plugin_library.h"
#include "fixtures/driver/shared_library.h"
#include "fixtures/runner/mono_scenario_runner.h"

#include <clrhost/hresult.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <filesystem>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using namespace clrhost;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr const char* kNative = "libdoctable_native.so";
// Mono names a callback through a delegate after the delegate's target method; doc-table's C#
// callback is that delegate's target on the .NET Framework build (Callbacks.cs).
constexpr const char* kCallback = "DocTable.CSharp.Callbacks.SecondLayer";

TEST(DocTableOnMono, SeedTableExactWithTheRealTargets)
{
    const auto doc_table = scenario::load_scenario(CLRHOST_BUILD_SCENARIOS, "doc-table", "mono");
    const driver::HostPluginLibrary plugin(CLRHOST_HOST_UNDER_TEST);
    const auto host = plugin.create_task_manager();
    const auto trace_path = (std::filesystem::path(CLRHOST_TRACE_DIR) / "DocTableOnMono.jsonl");
    std::filesystem::create_directories(trace_path.parent_path());

    const auto result =
        runner::run_scenario_on_mono(doc_table, *host, plugin.plugin().name, trace_path.string());
    ASSERT_TRUE(result.app.bridge_attached) << "the Mono bridge was not attached";
    ASSERT_EQ(result.app.exit_code, 0) << "the doc-table app itself failed";

    // The file Mono loaded (beside the net48 assemblies): the loader hands back that instance,
    // already in the process.
    const driver::SharedLibrary native((doc_table.entry_path().parent_path() / kNative).string());
    const auto first = reinterpret_cast<SIZE_T>(native.require<void*>("first_unmanaged"));
    const auto second = reinterpret_cast<SIZE_T>(native.require<void*>("second_unmanaged"));

    const auto calls = scenario::app_calls(trace::read_trace_file(trace_path.string()).calls);
    std::vector<std::pair<HostCall, SIZE_T>> observed;
    for (const auto& call : calls)
        observed.emplace_back(call.call, call.target.value_or(0));
    // Every call of the seed, CallNeedsHostHook included; EnterRuntime names the target of the
    // P/Invoke it closes.
    EXPECT_THAT(
        observed,
        ElementsAre(Pair(HostCall::CallNeedsHostHook, first), Pair(HostCall::LeaveRuntime, first),
                    Pair(HostCall::ReverseEnterRuntime, 0),
                    Pair(HostCall::CallNeedsHostHook, second), Pair(HostCall::LeaveRuntime, second),
                    Pair(HostCall::EnterRuntime, second), Pair(HostCall::ReverseLeaveRuntime, 0),
                    Pair(HostCall::EnterRuntime, first)));
    for (const auto& call : calls) {
        // mono_jit_exec runs Main on the calling thread: every app call comes on this one.
        EXPECT_EQ(call.tid, ::gettid()) << scenario::describe(call) << " came on another thread";
        EXPECT_EQ(call.hr, S_OK) << scenario::describe(call);
        if (call.call == HostCall::ReverseEnterRuntime ||
            call.call == HostCall::ReverseLeaveRuntime) {
            EXPECT_EQ(call.method, kCallback);
        }
    }
    EXPECT_TRUE(scenario::compare_with_expected(doc_table.threads.front().calls, calls).matches);
}

} // namespace
