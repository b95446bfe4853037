// The protocol model derives a host's expected calls from what the app does and what the host
// answered: a legal answer other than the reference host's (hook FALSE, a failed opening call,
// E_FAIL) changes the calls it must receive, and a skipped call never stands for a received one.
// Against a host that answers TRUE and S_OK, every scenario owes exactly the calls its
// scenario.json listed before it stated app actions (a frozen copy in tests/data).
#include "conformance/protocol/protocol_model.h"
#include "conformance/scenario/scenario.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace {

using namespace clrhost;
using trace::TraceCall;

// The frozen lists' own format: calls, and {"repeat": N, "calls": [...]} blocks.
void expand_frozen(const nlohmann::json& items, std::vector<nlohmann::json>& out)
{
    for (const auto& item : items) {
        if (item.contains("repeat")) {
            for (int i = 0; i < item.at("repeat").get<int>(); ++i)
                expand_frozen(item.at("calls"), out);
        } else {
            out.push_back(item);
        }
    }
}

// Each frozen call's constraint holds for the derived call (which may pin the P/Invoke's site on
// all three of its calls where the frozen list left some out).
void expect_same_calls(const std::vector<nlohmann::json>& frozen,
                       const std::vector<scenario::ExpectedCall>& derived, const std::string& where)
{
    ASSERT_EQ(frozen.size(), derived.size()) << where;
    for (std::size_t i = 0; i < frozen.size(); ++i) {
        const auto& want = frozen[i];
        const auto& got = derived[i];
        const auto at = fmt::format("{} call {}", where, i + 1);
        EXPECT_EQ(want.at("call").get<std::string>(), call_name(got.call)) << at;
        if (want.contains("symbol")) {
            EXPECT_EQ(want.at("symbol").get<std::string>(), got.symbol.value_or("")) << at;
        }
        if (want.contains("method")) {
            EXPECT_EQ(want.at("method").get<std::string>(), got.method.value_or("")) << at;
        }
        if (want.contains("note")) {
            EXPECT_EQ(want.at("note").get<std::string>(), got.note.value_or("")) << at;
        }
        if (want.contains("target")) {
            EXPECT_EQ(want.at("target").get<std::string>() == "known", got.target_known) << at;
        }
        EXPECT_EQ(want.value("row", 0), got.row) << at;
        EXPECT_FALSE(got.skipped) << at;
    }
}

TEST(ProtocolModel, AReferenceHostOwesEveryScenarioItsFrozenCalls)
{
    namespace fs = std::filesystem;
    const fs::path frozen_dir = fs::path(CLRHOST_TEST_DATA) / "expected-calls-before-app-actions";
    // The 22 scenarios whose calls were frozen while scenario.json still listed host calls; a
    // scenario written as app actions from the start (S39 on) has none to compare with.
    std::vector<std::string> names;
    for (const auto& file : fs::directory_iterator(frozen_dir))
        names.push_back(file.path().stem().string());
    std::sort(names.begin(), names.end());
    ASSERT_EQ(names.size(), 22u);
    const auto scenarios = scenario::list_scenarios(CLRHOST_SOURCE_SCENARIOS);
    for (const auto& name : names) {
        ASSERT_NE(std::find(scenarios.begin(), scenarios.end(), name), scenarios.end())
            << name << " has frozen calls but no scenario";
        std::ifstream in(frozen_dir / (name + ".json"));
        ASSERT_TRUE(in) << name;
        const auto frozen = nlohmann::json::parse(in);
        const auto variant =
            scenario::load_scenario_variants(CLRHOST_SOURCE_SCENARIOS, name).front();
        std::vector<nlohmann::json> groups;
        if (frozen.contains("expected"))
            groups.push_back({{"name", "main"}, {"count", 1}, {"calls", frozen.at("expected")}});
        for (const auto& group : frozen.value("threads", nlohmann::json::array()))
            groups.push_back(group);
        ASSERT_EQ(groups.size(), variant.threads.size()) << name;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            std::vector<nlohmann::json> calls;
            expand_frozen(groups[g].at("calls"), calls);
            EXPECT_EQ(groups[g].value("count", 1), variant.threads[g].count) << name;
            expect_same_calls(calls, variant.threads[g].calls, name);
        }
    }
}

// The doc-table nest's calls as a host with these answers receives them.
class DocTableAnswers : public ::testing::Test {
protected:
    scenario::Scenario doc_table_ = scenario::load_scenario(CLRHOST_SOURCE_SCENARIOS, "doc-table");

    // One call as the reference host answers it, numbered in order.
    TraceCall call(HostCall kind, const char* symbol, const char* method = nullptr)
    {
        TraceCall made;
        made.seq = next_seq_++;
        made.tid = 100;
        made.call = kind;
        if (symbol) {
            made.symbol = symbol;
            made.target = 0x1000;
        }
        if (method)
            made.method = method;
        if (kind == HostCall::CallNeedsHostHook)
            made.hook = true;
        return made;
    }
    // The eight calls the reference host receives.
    std::vector<TraceCall> reference()
    {
        return {call(HostCall::CallNeedsHostHook, "first_unmanaged"),
                call(HostCall::LeaveRuntime, "first_unmanaged"),
                call(HostCall::ReverseEnterRuntime, nullptr, kCallback),
                call(HostCall::CallNeedsHostHook, "second_unmanaged"),
                call(HostCall::LeaveRuntime, "second_unmanaged"),
                call(HostCall::EnterRuntime, "second_unmanaged"),
                call(HostCall::ReverseLeaveRuntime, nullptr, kCallback),
                call(HostCall::EnterRuntime, "first_unmanaged")};
    }
    bool matches(const std::vector<TraceCall>& observed) const
    {
        return scenario::compare_with_scenario(doc_table_, observed).matches;
    }

    static constexpr const char* kCallback = "DocTable.CSharp.Callbacks.SecondLayer";
    std::uint64_t next_seq_ = 0;
};

TEST_F(DocTableAnswers, HookFalseOwesNoLeaveOrEnter)
{
    auto observed = reference();
    observed[0].hook = false;
    observed.erase(observed.begin() + 7); // the outer EnterRuntime
    observed.erase(observed.begin() + 1); // the outer LeaveRuntime
    EXPECT_TRUE(matches(observed));
    // The same calls with a TRUE answer owe the LeaveRuntime and EnterRuntime.
    observed[0].hook = true;
    EXPECT_FALSE(matches(observed));
}

TEST_F(DocTableAnswers, AnUnwrittenHookAnswerOwesNoLeave)
{
    auto outer = call(HostCall::CallNeedsHostHook, "first_unmanaged");
    outer.hook.reset();
    auto inner = call(HostCall::CallNeedsHostHook, "second_unmanaged");
    inner.hook = false;
    EXPECT_TRUE(matches({outer, call(HostCall::ReverseEnterRuntime, nullptr, kCallback), inner,
                         call(HostCall::ReverseLeaveRuntime, nullptr, kCallback)}));
}

TEST_F(DocTableAnswers, AFailedOpeningCallOwesNoClosingCall)
{
    auto left = call(HostCall::LeaveRuntime, "second_unmanaged");
    left.hr = HOST_E_TIMEOUT;
    auto entered = call(HostCall::ReverseEnterRuntime, nullptr, kCallback);
    entered.hr = S_FALSE;
    std::vector<TraceCall> observed{call(HostCall::CallNeedsHostHook, "first_unmanaged"),
                                    call(HostCall::LeaveRuntime, "first_unmanaged"),
                                    entered,
                                    call(HostCall::CallNeedsHostHook, "second_unmanaged"),
                                    left,
                                    call(HostCall::EnterRuntime, "first_unmanaged")};
    EXPECT_TRUE(matches(observed));
    observed.insert(observed.begin() + 5, call(HostCall::EnterRuntime, "second_unmanaged"));
    EXPECT_FALSE(matches(observed));
}

TEST_F(DocTableAnswers, AfterEFailOnlySkippedCalls)
{
    auto observed = reference();
    observed[1].hr = E_FAIL; // the outer LeaveRuntime: it opened nothing
    observed.erase(observed.begin() + 7);
    observed.erase(observed.begin() + 3); // no CallNeedsHostHook once the runtime is disabled
    for (const std::size_t i : {2, 3, 4, 5})
        observed[i].skipped = true;
    EXPECT_TRUE(matches(observed));
    // A call the host received after its E_FAIL is not one the protocol owed.
    observed[3].skipped = false;
    EXPECT_FALSE(matches(observed));
}

TEST_F(DocTableAnswers, ASkippedCallNeverMatchesAnExpectedOne)
{
    auto observed = reference();
    EXPECT_TRUE(matches(observed));
    observed[5].skipped = true; // no E_FAIL came before it
    EXPECT_FALSE(matches(observed));
}

// The .NET Framework's driver traits (scenario.h): the same doc-table, as that runtime would call
// a host. From its source, not yet observed (docs/PROTOCOL.md).
class DocTableOnNetfx : public DocTableAnswers {
protected:
    scenario::Scenario netfx_ =
        scenario::load_scenario(CLRHOST_SOURCE_SCENARIOS, "doc-table", "netfx");

    // The reference host's eight calls as the .NET Framework makes them: no managed method.
    std::vector<TraceCall> reference_without_methods()
    {
        auto observed = reference();
        for (auto& made : observed)
            made.method.reset();
        return observed;
    }
    bool matches_on_netfx(const std::vector<TraceCall>& observed) const
    {
        return scenario::compare_with_scenario(netfx_, observed).matches;
    }
};

TEST_F(DocTableOnNetfx, TheCallsMatchWithoutTheMethodsTheRuntimeCannotName)
{
    const auto observed = reference_without_methods();
    EXPECT_TRUE(matches_on_netfx(observed));
    EXPECT_FALSE(matches(observed)) << "the bridges name the callback: coreclr's scenario pins it";
    auto wrong_symbol = observed;
    wrong_symbol[4].symbol = "first_unmanaged";
    EXPECT_FALSE(matches_on_netfx(wrong_symbol)) << "the symbols still count";
}

TEST_F(DocTableOnNetfx, AFailedLeaveRuntimeRunsNothingInsideThePInvoke)
{
    auto observed = reference_without_methods();
    observed[1].hr = E_OUTOFMEMORY; // the P/Invoke throws: first_unmanaged never runs
    observed.resize(2);
    EXPECT_TRUE(matches_on_netfx(observed));
    auto on_coreclr = reference();
    on_coreclr[1].hr = E_OUTOFMEMORY;
    on_coreclr.resize(2);
    EXPECT_FALSE(matches(on_coreclr)) << "a bridge cannot veto: the callback still runs";
}

TEST_F(DocTableOnNetfx, AnUnwindClosesWhatIsOpenAndRunsNothingAfter)
{
    auto observed = reference_without_methods();
    observed[4].hr = E_OUTOFMEMORY;       // second_unmanaged throws inside the callback
    observed.erase(observed.begin() + 5); // no EnterRuntime for it; the unwind closes the rest
    EXPECT_TRUE(matches_on_netfx(observed));
    observed.pop_back(); // the outer EnterRuntime is owed by the unwind
    EXPECT_FALSE(matches_on_netfx(observed));
}

TEST_F(DocTableOnNetfx, TheRuntimeKeepsCallingAfterAnEFail)
{
    auto observed = reference_without_methods();
    observed[3].hr = E_FAIL; // answered TRUE, then failed: the runtime has no latch of its own
    EXPECT_TRUE(matches_on_netfx(observed));
    auto on_coreclr = reference();
    on_coreclr[3].hr = E_FAIL;
    EXPECT_FALSE(matches(on_coreclr)) << "the bridge skips every later transition";
}

// Every scenario says what the .NET Framework owes a host in it, or why it cannot run there, and
// that it was read in the runtime's source, not yet observed.
TEST(NetfxParts, EveryScenarioStatesItsNetfxExpectationAndWhereItComesFrom)
{
    for (const auto& name : scenario::list_scenarios(CLRHOST_SOURCE_SCENARIOS))
        for (const auto& variant :
             scenario::load_scenario_variants(CLRHOST_SOURCE_SCENARIOS, name, "netfx")) {
            if (variant.not_applicable)
                continue;
            EXPECT_THAT(variant.description, ::testing::HasSubstr("not yet observed"))
                << variant.test_id() << ": its \"netfx\" part's description";
        }
}

TEST(ProtocolModel, TheBridgesDecisions)
{
    using namespace clrhost::protocol;
    EXPECT_FALSE(wants_hooks(FALSE_));
    EXPECT_FALSE(wants_hooks(kNeedsHookUnset));
    EXPECT_TRUE(wants_hooks(TRUE_));
    EXPECT_EQ(opened_by_leave(HOST_E_TIMEOUT), Opened::Nothing);
    EXPECT_EQ(opened_by_leave(S_FALSE), Opened::WithHost);
    EXPECT_EQ(opened_by_reverse_enter(S_FALSE), Opened::Nothing);
    EXPECT_EQ(owed_on_close(Opened::WithHost, false), Owed::HostCall);
    EXPECT_EQ(owed_on_close(Opened::WithHost, true), Owed::SkippedCall);
    EXPECT_EQ(owed_on_close(Opened::Skipped, false), Owed::SkippedCall);
    EXPECT_EQ(owed_on_close(Opened::Nothing, true), Owed::Nothing);
    EXPECT_TRUE(legal_call_failed(HostCall::EnterRuntime, E_OUTOFMEMORY));
    EXPECT_FALSE(legal_call_failed(HostCall::CallNeedsHostHook, HOST_E_TIMEOUT));
    EXPECT_TRUE(legal_call_failed(HostCall::CallNeedsHostHook, E_FAIL));
}

} // namespace
