// The target sites layer (fixtures/target-sites) and the platform call it names targets with
// (platform::exported_symbol_at): a real library the build makes (target_sites_native.c), a
// function of the system's C runtime or kernel, and the sites the layer hands the recorder.
#include "conformance/platform/process.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/reference-host/reference_host.h"
#include "fixtures/target-sites/target_sites.h"
#include "mocks/mock_host_task_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace {

using namespace clrhost;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;
using ::testing::_;
using ::testing::EndsWith;
using ::testing::Return;

const std::string kLibraryPath = CLRHOST_TARGET_SITES_LIBRARY;
const std::string kLibraryFile = std::filesystem::path(kLibraryPath).filename().string();

// The test library, loaded for the test's length.
class NativeLibrary {
public:
    NativeLibrary()
    {
        std::string error;
        handle_.reset(platform::load_library(kLibraryPath, error));
        if (!handle_)
            ADD_FAILURE() << "cannot load " << kLibraryPath << ": " << error;
    }
    SIZE_T address_of(const char* name) const
    {
        return reinterpret_cast<SIZE_T>(platform::find_symbol(handle_.get(), name));
    }

private:
    struct Free {
        void operator()(void* library) const { platform::free_library(library); }
    };
    std::unique_ptr<void, Free> handle_;
};

// A function of the system's own library (CLRHOST_TEST_SYSTEM_LIBRARY, _SYMBOL: libc's puts,
// kernel32's Sleep): what the runtime calls for itself.
SIZE_T system_function()
{
    std::string error;
    void* library = platform::load_library(CLRHOST_TEST_SYSTEM_LIBRARY, error);
    EXPECT_NE(library, nullptr) << error;
    // Left loaded: it was before the test, and stays after it.
    return reinterpret_cast<SIZE_T>(platform::find_symbol(library, CLRHOST_TEST_SYSTEM_SYMBOL));
}

TEST(ExportedSymbolAt, NamesAnExportFromItsAddressAlone)
{
    NativeLibrary library;
    const auto f = library.address_of("f");
    ASSERT_NE(f, 0u);
    EXPECT_EQ(platform::exported_symbol_at(reinterpret_cast<const void*>(f)), "f");
    EXPECT_EQ(platform::exported_symbol_at(reinterpret_cast<const void*>(library.address_of("g"))),
              "g");
    EXPECT_THAT(platform::module_path_of(reinterpret_cast<const void*>(f)), EndsWith(kLibraryFile));
    const auto system = system_function();
    ASSERT_NE(system, 0u);
    EXPECT_EQ(platform::exported_symbol_at(reinterpret_cast<const void*>(system)),
              CLRHOST_TEST_SYSTEM_SYMBOL);
}

TEST(ExportedSymbolAt, NamesNothingInsideAFunctionOrOutsideAnyModule)
{
    NativeLibrary library;
    EXPECT_EQ(
        platform::exported_symbol_at(reinterpret_cast<const void*>(library.address_of("f") + 1)),
        "")
        << "an address inside f is not f";
    int on_the_stack = 0;
    EXPECT_EQ(platform::exported_symbol_at(&on_the_stack), "");
}

// The recorder's side of the layer: which site each call got, and the answers it gives.
class MockRecorder
    : public TaskManagerBase<MockRecorder, Lifetime::Borrowed, ISiteAwareTaskManager> {
public:
    MOCK_METHOD(HRESULT, GetCurrentTask, (IHostTask**), (override));
    MOCK_METHOD(HRESULT, CallNeedsHostHook, (SIZE_T, BOOL*), (override));
    MOCK_METHOD(HRESULT, LeaveRuntime, (SIZE_T), (override));
    MOCK_METHOD(HRESULT, EnterRuntime, (), (override));
    MOCK_METHOD(HRESULT, ReverseEnterRuntime, (), (override));
    MOCK_METHOD(HRESULT, ReverseLeaveRuntime, (), (override));
    MOCK_METHOD(HRESULT, CallNeedsHostHookAt, (const TransitionSite&, BOOL*), (override));
    MOCK_METHOD(HRESULT, LeaveRuntimeAt, (const TransitionSite&), (override));
    MOCK_METHOD(HRESULT, EnterRuntimeAt, (const TransitionSite&), (override));
    MOCK_METHOD(HRESULT, ReverseEnterRuntimeAt, (const TransitionSite&), (override));
    MOCK_METHOD(HRESULT, ReverseLeaveRuntimeAt, (const TransitionSite&), (override));
    MOCK_METHOD(void, TransitionSkipped, (HostCall, const TransitionSite&), (override));
};

class TargetSitesTest : public ::testing::Test {
protected:
    TargetSitesTest()
    {
        // Every site-aware call answers S_OK and keeps the site it got, in order.
        auto keep = [this](const TransitionSite& site) {
            sites_.push_back(&site);
            return S_OK;
        };
        ON_CALL(recorder_, LeaveRuntimeAt(_)).WillByDefault(keep);
        ON_CALL(recorder_, EnterRuntimeAt(_)).WillByDefault(keep);
        ON_CALL(recorder_, ReverseEnterRuntimeAt(_)).WillByDefault(keep);
        ON_CALL(recorder_, ReverseLeaveRuntimeAt(_)).WillByDefault(keep);
    }
    ComPtr<layers::TargetSites> layer()
    {
        return make_com<layers::TargetSites>(ComPtr<IHostTaskManager>::share(&recorder_),
                                             std::vector<std::string>{kLibraryFile});
    }

    NativeLibrary library_;
    ::testing::NiceMock<MockRecorder> recorder_;
    std::vector<const TransitionSite*> sites_;
};

TEST_F(TargetSitesTest, LeaveRuntimeNamesTheAppsFunctionAndEnterRuntimeGetsItsSite)
{
    auto sites = layer();
    const auto f = library_.address_of("f");
    BOOL hook = FALSE_;
    const TransitionSite* asked = nullptr;
    EXPECT_CALL(recorder_, CallNeedsHostHookAt(_, &hook))
        .WillOnce([&](const auto& site, BOOL* out) {
            asked = &site;
            *out = TRUE_;
            return S_OK;
        });
    EXPECT_THAT(Hr(sites->CallNeedsHostHook(f, &hook)), IsHresult(S_OK));
    EXPECT_THAT(Hr(sites->LeaveRuntime(f)), IsHresult(S_OK));
    EXPECT_THAT(Hr(sites->EnterRuntime()), IsHresult(S_OK));
    ASSERT_EQ(sites_.size(), 2u);
    const auto& site = *sites_[0];
    EXPECT_EQ(asked, &site) << "one site per target";
    EXPECT_EQ(site.target, f);
    EXPECT_STREQ(site.symbol, "f");
    ASSERT_NE(site.library, nullptr);
    EXPECT_THAT(site.library, EndsWith(kLibraryFile));
    EXPECT_FALSE(site.framework);
    EXPECT_EQ(site.method, nullptr) << "the runtime names no managed method";
    EXPECT_EQ(sites_[1], &site) << "EnterRuntime gets the site of the LeaveRuntime it closes";
}

TEST_F(TargetSitesTest, ATargetOutsideTheAppsLibrariesIsTheFrameworks)
{
    auto sites = layer();
    const auto system = system_function();
    EXPECT_THAT(Hr(sites->LeaveRuntime(system)), IsHresult(S_OK));
    ASSERT_EQ(sites_.size(), 1u);
    EXPECT_STREQ(sites_[0]->symbol, CLRHOST_TEST_SYSTEM_SYMBOL);
    EXPECT_TRUE(sites_[0]->framework);
}

TEST_F(TargetSitesTest, ATargetInNoModuleHasNoSymbolAndNoNote)
{
    auto sites = layer();
    int on_the_stack = 0;
    const auto nowhere = reinterpret_cast<SIZE_T>(&on_the_stack);
    EXPECT_THAT(Hr(sites->LeaveRuntime(nowhere)), IsHresult(S_OK));
    ASSERT_EQ(sites_.size(), 1u);
    EXPECT_EQ(sites_[0]->target, nowhere);
    EXPECT_EQ(sites_[0]->symbol, nullptr);
    EXPECT_EQ(sites_[0]->target_note, nullptr);
    EXPECT_TRUE(sites_[0]->origin_unknown) << "neither the app's nor known to be the framework's";
}

TEST_F(TargetSitesTest, NestedBracketsCloseWithTheSitesTheyOpenedWith)
{
    auto sites = layer();
    const auto f = library_.address_of("f");
    const auto g = library_.address_of("g");
    sites->LeaveRuntime(f);
    sites->ReverseEnterRuntime();
    sites->LeaveRuntime(g);
    sites->EnterRuntime();
    sites->ReverseLeaveRuntime();
    sites->EnterRuntime();
    ASSERT_EQ(sites_.size(), 6u);
    EXPECT_STREQ(sites_[0]->symbol, "f");
    EXPECT_EQ(sites_[1]->target, 0u);
    EXPECT_EQ(sites_[1]->method, nullptr);
    EXPECT_FALSE(sites_[1]->framework) << "a callback inside the app's own native call";
    EXPECT_STREQ(sites_[2]->symbol, "g");
    EXPECT_EQ(sites_[3], sites_[2]);
    EXPECT_EQ(sites_[4], sites_[1]);
    EXPECT_EQ(sites_[5], sites_[0]);
}

TEST_F(TargetSitesTest, AFailedOpeningCallOpensNothing)
{
    auto sites = layer();
    const auto f = library_.address_of("f");
    EXPECT_CALL(recorder_, LeaveRuntimeAt(_)).WillOnce(Return(HOST_E_TIMEOUT));
    EXPECT_CALL(recorder_, ReverseEnterRuntimeAt(_)).WillOnce(Return(S_FALSE));
    EXPECT_THAT(Hr(sites->LeaveRuntime(f)), IsHresult(HOST_E_TIMEOUT));
    EXPECT_THAT(Hr(sites->ReverseEnterRuntime()), IsHresult(S_FALSE));
    // Closes with nothing open are still passed on, with an empty site, for the rules to judge.
    EXPECT_THAT(Hr(sites->EnterRuntime()), IsHresult(S_OK));
    EXPECT_THAT(Hr(sites->ReverseLeaveRuntime()), IsHresult(S_OK));
    ASSERT_EQ(sites_.size(), 2u);
    EXPECT_EQ(sites_[0]->target, 0u);
    EXPECT_EQ(sites_[0]->symbol, nullptr);
    EXPECT_EQ(sites_[1]->target, 0u);
}

TEST_F(TargetSitesTest, EachThreadClosesItsOwnBrackets)
{
    auto sites = layer();
    const auto f = library_.address_of("f");
    const auto g = library_.address_of("g");
    sites->LeaveRuntime(f);
    std::thread([&] {
        sites->LeaveRuntime(g);
        sites->EnterRuntime();
    }).join();
    sites->EnterRuntime();
    ASSERT_EQ(sites_.size(), 4u);
    EXPECT_STREQ(sites_[2]->symbol, "g") << "the other thread closed its own bracket";
    EXPECT_STREQ(sites_[3]->symbol, "f") << "and left this thread's open";
}

// Behind a recorder without sites (a plain task manager) the calls pass unchanged.
TEST(TargetSites, PassesThePlainCallsToATaskManagerWithoutSites)
{
    ::testing::StrictMock<mocks::MockHostTaskManager> host;
    auto sites = make_com<layers::TargetSites>(ComPtr<IHostTaskManager>::share(&host),
                                               std::vector<std::string>{});
    EXPECT_CALL(host, LeaveRuntime(0x1234)).WillOnce(Return(S_OK));
    EXPECT_CALL(host, EnterRuntime()).WillOnce(Return(S_OK));
    EXPECT_THAT(Hr(sites->LeaveRuntime(0x1234)), IsHresult(S_OK));
    EXPECT_THAT(Hr(sites->EnterRuntime()), IsHresult(S_OK));
}

// The whole path, into a trace: the recorder keeps what the layer named.
TEST(TargetSites, TheRecordersTraceCarriesTheSites)
{
    const auto path = (std::filesystem::temp_directory_path() /
                       ("target-sites-" + std::to_string(platform::process_id()) + ".jsonl"))
                          .string();
    NativeLibrary library;
    {
        trace::TraceRecording recording(path, {"replay", "", "reference"});
        auto recorder = make_com<layers::Recorder>(
            ComPtr<IHostTaskManager>::adopt(make_com<reference::ReferenceHost>().detach()),
            recording);
        auto sites =
            make_com<layers::TargetSites>(ComPtr<IHostTaskManager>::adopt(recorder.detach()),
                                          std::vector<std::string>{kLibraryFile});
        sites->LeaveRuntime(library.address_of("f"));
        sites->EnterRuntime();
        recording.finish();
    }
    const auto trace = trace::read_trace_file(path);
    std::filesystem::remove(path);
    std::filesystem::remove(trace::recording_path(path));
    ASSERT_EQ(trace.calls.size(), 2u);
    for (const auto& call : trace.calls) {
        EXPECT_EQ(call.symbol, "f");
        EXPECT_FALSE(call.framework);
        EXPECT_TRUE(call.is_app_call());
    }
}

} // namespace
