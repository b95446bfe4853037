// Self-tests of the rules engine: a real doc-table trace conforms; each mutation of it (and of
// the host's answers) is rejected with the rule it breaks, on the right thread and seq.
#include "conformance/rules/rules.h"
#include "conformance/trace/trace_format.h"

#include <clrhost/hresult.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace {

using namespace clrhost;
using namespace clrhost::trace;

class RulesSelfTest : public ::testing::Test {
protected:
    Trace trace_ = read_trace_file(CLRHOST_TEST_DATA "/doc-table.coreclr.jsonl");

    // The index of the nth call of a kind that is not framework.
    std::size_t nth_app(HostCall kind, int n = 0) const
    {
        for (std::size_t i = 0; i < trace_.calls.size(); ++i)
            if (trace_.calls[i].call == kind && !trace_.calls[i].framework && n-- == 0)
                return i;
        ADD_FAILURE() << "no such call in the sample trace";
        return 0;
    }

    rules::RulesEngine check(bool died = false) const
    {
        rules::RulesEngine engine({trace_.header.driver});
        for (const auto& call : trace_.calls)
            engine.check(call);
        engine.finish(died);
        return engine;
    }

    void renumber()
    {
        for (std::size_t i = 0; i < trace_.calls.size(); ++i)
            trace_.calls[i].seq = i;
    }

    std::vector<std::string> failed(bool strict = false) const
    {
        return check().failed_rules(strict);
    }
};

TEST_F(RulesSelfTest, RealDocTableTraceConforms)
{
    const auto engine = check();
    EXPECT_EQ(engine.violation_count(), 0u);
    EXPECT_EQ(engine.calls_checked(), trace_.calls.size());
}

TEST_F(RulesSelfTest, SwappedPairIsTmNest)
{
    const auto enter = nth_app(HostCall::EnterRuntime); // closes second_unmanaged
    ASSERT_EQ(trace_.calls[enter + 1].call, HostCall::ReverseLeaveRuntime);
    std::swap(trace_.calls[enter], trace_.calls[enter + 1]);
    renumber();
    const auto engine = check();
    ASSERT_FALSE(engine.violations().empty());
    const auto& first = engine.violations().front();
    EXPECT_EQ(first.rule, "TM-NEST");
    EXPECT_EQ(first.seq, enter);
    EXPECT_EQ(first.tid, trace_.calls[enter].tid);
    // The report shows the calls around it, the violating one marked.
    EXPECT_TRUE(std::any_of(first.context.begin(), first.context.end(),
                            [](auto& line) { return line.starts_with(">>"); }));
    EXPECT_GE(first.context.size(), 3u);
}

TEST_F(RulesSelfTest, DroppedEnterRuntimeIsTmBalance)
{
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::EnterRuntime, 1));
    // The next P/Invoke then leaves from inside the LeaveRuntime left open, with no failed call
    // to explain it: TM-ALT too.
    EXPECT_EQ(failed(), (std::vector<std::string>{"TM-ALT", "TM-BALANCE"}));
}

TEST_F(RulesSelfTest, LeaveClosedOnAnotherThreadIsTmThread)
{
    auto& enter = trace_.calls[nth_app(HostCall::EnterRuntime, 1)];
    enter.tid += 1;
    const auto rules = failed();
    EXPECT_NE(std::find(rules.begin(), rules.end(), "TM-THREAD"), rules.end());
    // The first thread is left with it open (its next P/Invoke opens inside it: TM-ALT).
    EXPECT_NE(std::find(rules.begin(), rules.end(), "TM-BALANCE"), rules.end());
}

TEST_F(RulesSelfTest, WrongTargetIsTmTarget)
{
    auto& leave = trace_.calls[nth_app(HostCall::LeaveRuntime)];
    *leave.target += 0x40;
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-TARGET"});
}

TEST_F(RulesSelfTest, MissingTargetWithoutReasonIsTmTarget)
{
    trace_.calls[nth_app(HostCall::LeaveRuntime)].target.reset();
    trace_.calls[nth_app(HostCall::CallNeedsHostHook)].target.reset();
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-TARGET"});
    trace_.calls[nth_app(HostCall::LeaveRuntime)].note = "calli";
    trace_.calls[nth_app(HostCall::CallNeedsHostHook)].note = "calli";
    EXPECT_TRUE(failed().empty()) << "a missing target with a reason is allowed";
}

TEST_F(RulesSelfTest, UnbalancedEndIsTmBalanceUnlessTheProcessDied)
{
    trace_.calls.resize(nth_app(HostCall::ReverseEnterRuntime) + 1);
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-BALANCE"});
    const auto died = check(true);
    EXPECT_EQ(died.violation_count(), 0u);
    ASSERT_EQ(died.crashed_threads().size(), 1u);
}

TEST_F(RulesSelfTest, LeaveWithoutAskingIsTmHook)
{
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::CallNeedsHostHook));
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HOOK"});
}

TEST_F(RulesSelfTest, LeaveAfterTheHostDeclinedIsTmHook)
{
    trace_.calls[nth_app(HostCall::CallNeedsHostHook)].hook = false;
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HOOK"});
}

TEST_F(RulesSelfTest, LeaveInsideLeaveWithNoFailureIsATmAltError)
{
    // Drop the ReverseEnter/ReverseLeave pair: the inner P/Invoke now leaves unmanaged code,
    // and no failed call explains it.
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseLeaveRuntime));
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseEnterRuntime));
    EXPECT_EQ(failed(false), std::vector<std::string>{"TM-ALT"});
    EXPECT_EQ(check().errors(), 1u);
    EXPECT_EQ(check().warnings(), 0u);
}

TEST_F(RulesSelfTest, LeaveInsideAFailedCallbackIsATmAltWarning)
{
    // The callback's ReverseEnterRuntime fails: the runtime runs it all the same (the bridge
    // cannot veto), so its P/Invoke leaves from inside the outer LeaveRuntime as the host sees it.
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseLeaveRuntime));
    trace_.calls[nth_app(HostCall::ReverseEnterRuntime)].hr = E_OUTOFMEMORY;
    EXPECT_TRUE(failed(false).empty()) << "a warning fails only with --strict";
    EXPECT_EQ(failed(true), std::vector<std::string>{"TM-ALT"});
    EXPECT_EQ(check().warnings(), 1u);
    EXPECT_EQ(check().errors(), 0u);
}

TEST_F(RulesSelfTest, AFailedCallbackExcusesOnlyItsOwnLayer)
{
    // The failed callback returned and its layer's LeaveRuntime closed; a later LeaveRuntime
    // inside another, untouched LeaveRuntime is an error again.
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseLeaveRuntime));
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseEnterRuntime));
    auto failed_reverse = trace_.calls[nth_app(HostCall::LeaveRuntime)];
    failed_reverse.call = HostCall::ReverseEnterRuntime;
    failed_reverse.hr = E_OUTOFMEMORY;
    // A failed ReverseEnterRuntime with nothing open excuses nothing later.
    trace_.calls.insert(trace_.calls.begin() + nth_app(HostCall::CallNeedsHostHook),
                        failed_reverse);
    renumber();
    EXPECT_EQ(failed(false), std::vector<std::string>{"TM-ALT"});
}

TEST_F(RulesSelfTest, HostResultCodes)
{
    trace_.calls[nth_app(HostCall::EnterRuntime)].hr = hr(0x80070005); // E_ACCESSDENIED
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HR-CODES"});
    trace_.calls[nth_app(HostCall::EnterRuntime)].hr = HOST_E_TIMEOUT;
    EXPECT_TRUE(failed().empty()) << "a documented failure code is no violation by itself";
    trace_.calls[nth_app(HostCall::CallNeedsHostHook)].hr = E_OUTOFMEMORY;
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HR-CODES"});
}

TEST_F(RulesSelfTest, SFalseFromAReverseCallIsTmHrExact)
{
    // A ReverseEnterRuntime that did not return S_OK failed: no ReverseLeaveRuntime follows it.
    trace_.calls[nth_app(HostCall::ReverseEnterRuntime)].hr = S_FALSE;
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseLeaveRuntime));
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HR-EXACT"});
}

TEST_F(RulesSelfTest, FailedLeaveRuntimeOpensNothing)
{
    const auto leave = nth_app(HostCall::LeaveRuntime, 1); // second_unmanaged
    trace_.calls[leave].hr = HOST_E_TIMEOUT;
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-NEST"}) << "its EnterRuntime closes nothing";
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::EnterRuntime));
    EXPECT_TRUE(failed().empty());
}

TEST_F(RulesSelfTest, CallsAfterEFailMustBeClrNotAvailable)
{
    // The outer LeaveRuntime fails with E_FAIL: it opens nothing, and every later host answer
    // must be HOST_E_CLRNOTAVAILABLE.
    trace_.calls.resize(nth_app(HostCall::EnterRuntime, 1) + 1); // the app's calls only
    const auto failing = nth_app(HostCall::LeaveRuntime);
    trace_.calls[failing].hr = E_FAIL;
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::EnterRuntime, 1));
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-HR-LATCH"});
    for (std::size_t i = failing + 1; i < trace_.calls.size(); ++i)
        trace_.calls[i].hr = HOST_E_CLRNOTAVAILABLE;
    // The host is latched, but failed calls open nothing: the ReverseLeaveRuntime and inner
    // EnterRuntime left in this trace close nothing.
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-NEST"});
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::ReverseLeaveRuntime));
    trace_.calls.erase(trace_.calls.begin() + nth_app(HostCall::EnterRuntime));
    EXPECT_TRUE(failed().empty());
}

TEST_F(RulesSelfTest, SkippedCallsAreNotTheHostsAnswers)
{
    // What the bridge records after the host's E_FAIL: the runtime's transitions, skipped.
    const auto failing = nth_app(HostCall::CallNeedsHostHook);
    trace_.calls[failing].hr = E_FAIL;
    for (std::size_t i = failing + 1; i < trace_.calls.size(); ++i) {
        trace_.calls[i].skipped = true;
        trace_.calls[i].hr = HOST_E_CLRNOTAVAILABLE;
    }
    std::erase_if(trace_.calls, [](const TraceCall& call) {
        return call.skipped && call.call == HostCall::CallNeedsHostHook; // not asked once skipped
    });
    EXPECT_TRUE(failed().empty());
}

TEST_F(RulesSelfTest, EveryRuleHasALevelAndAStatement)
{
    for (const auto& rule : rules::all_rules()) {
        EXPECT_TRUE(rule.id.starts_with("TM-"));
        EXPECT_FALSE(rule.statement.empty());
    }
    EXPECT_EQ(rules::find_rule("TM-ALT")->level, rules::Level::Error);
    EXPECT_EQ(rules::find_rule("TM-NEST")->level, rules::Level::Error);
}

} // namespace

namespace {

using namespace clrhost;
using namespace clrhost::trace;

TEST(RulesBookkeeping, HostViewThatDiffersFromTheTransitionsIsTmBookkeeping)
{
    auto trace = read_trace_file(CLRHOST_TEST_DATA "/doc-table.coreclr.jsonl");
    // What a conforming host shows after each transition of the doc table (outermost first).
    const std::vector<std::string> conforming{"U", "UM", "UMU", "UM", "U", ""};
    // A host with ReverseEnterRuntime and ReverseLeaveRuntime declared in the wrong order
    // receives each as the other: it closes where it should open.
    std::size_t index = 0;
    for (auto& call : trace.calls)
        if (!call.framework && call.call != HostCall::GetCurrentTask &&
            call.call != HostCall::CallNeedsHostHook)
            call.host_layers = conforming.at(index++);
    auto failed = [&] {
        rules::RulesEngine engine;
        for (const auto& call : trace.calls)
            engine.check(call);
        engine.finish();
        return engine.failed_rules(false);
    };
    EXPECT_TRUE(failed().empty());
    for (auto& call : trace.calls)
        if (call.call == HostCall::ReverseEnterRuntime && call.host_layers)
            call.host_layers = "";
    EXPECT_EQ(failed(), std::vector<std::string>{"TM-BOOKKEEPING"});
}

// A layer the host gave as neither U nor M ("?"), or no answer ("!"), is never the truth.
TEST(RulesBookkeeping, AnUnknownLayerOrNoAnswerIsTmBookkeeping)
{
    for (const std::string answer : {"U?M", "!"}) {
        auto trace = read_trace_file(CLRHOST_TEST_DATA "/doc-table.coreclr.jsonl");
        const std::vector<std::string> conforming{"U", answer, "UMU", "UM", "U", ""};
        std::size_t index = 0;
        std::optional<std::uint64_t> answered_at;
        for (auto& call : trace.calls)
            if (!call.framework && call.call != HostCall::GetCurrentTask &&
                call.call != HostCall::CallNeedsHostHook) {
                if (index == 1)
                    answered_at = call.seq;
                call.host_layers = conforming.at(index++);
            }
        rules::RulesEngine engine;
        for (const auto& call : trace.calls)
            engine.check(call);
        engine.finish();
        ASSERT_EQ(engine.failed_rules(false), std::vector<std::string>{"TM-BOOKKEEPING"}) << answer;
        EXPECT_EQ(engine.violations().front().seq, answered_at);
        EXPECT_THAT(engine.violations().front().message,
                    ::testing::HasSubstr(answer == "!" ? "GetCurrentThreadLayers failed"
                                                       : "?: a value that is neither"));
    }
}

} // namespace

namespace {

TEST(RulesLatch, OneCallInFlightOnAnotherThreadIsLetOff)
{
    using namespace clrhost;
    using namespace clrhost::trace;
    auto call = [](std::uint64_t seq, std::int64_t tid, HostCall kind, HRESULT result) {
        TraceCall c;
        c.seq = seq;
        c.tid = tid;
        c.call = kind;
        c.hr = result;
        return c;
    };
    auto failed = [](const std::vector<TraceCall>& calls) {
        rules::RulesEngine engine({"replay"});
        for (const auto& c : calls)
            engine.check(c);
        return engine.failed_rules(false);
    };
    std::vector<TraceCall> calls{call(0, 1, HostCall::ReverseEnterRuntime, E_FAIL),
                                 call(1, 2, HostCall::ReverseEnterRuntime, S_OK),
                                 call(2, 2, HostCall::ReverseLeaveRuntime, S_OK)};
    EXPECT_EQ(failed({calls[0], calls[1]}), std::vector<std::string>{})
        << "thread 2's call may have begun before the E_FAIL came back";
    EXPECT_EQ(failed(calls), std::vector<std::string>{"TM-HR-LATCH"});
    EXPECT_EQ(failed({calls[0], call(1, 1, HostCall::ReverseEnterRuntime, S_OK)}),
              std::vector<std::string>{"TM-HR-LATCH"})
        << "no grace on the thread that got the E_FAIL";
}

// A trace that records thread ends (header thread_ends): TM-BALANCE judges a thread when it
// ends or the app's run on it ends; a thread still running at the end is listed, not judged.
class RulesThreadEnds : public ::testing::Test {
protected:
    std::vector<trace::TraceCall> calls_;

    void add(std::int64_t tid, HostCall kind, const char* symbol = nullptr)
    {
        trace::TraceCall c;
        c.seq = calls_.size();
        c.tid = tid;
        c.call = kind;
        c.target = 0x1000;
        if (symbol)
            c.symbol = symbol;
        c.hook = kind == HostCall::CallNeedsHostHook ? std::optional(true) : std::nullopt;
        calls_.push_back(std::move(c));
    }
    void pinvoke_opened(std::int64_t tid, const char* symbol)
    {
        add(tid, HostCall::CallNeedsHostHook, symbol);
        add(tid, HostCall::LeaveRuntime, symbol);
    }
    void event(std::int64_t tid, trace::ThreadEvent what)
    {
        trace::TraceCall c;
        c.seq = calls_.size();
        c.tid = tid;
        c.event = what;
        calls_.push_back(std::move(c));
    }
    rules::RulesEngine check() const
    {
        rules::CheckOptions options;
        options.thread_ends = true;
        rules::RulesEngine engine(options);
        for (const auto& c : calls_)
            engine.check(c);
        engine.finish();
        return engine;
    }
};

TEST_F(RulesThreadEnds, ThreadThatEndedWithALayerOpenIsTmBalance)
{
    pinvoke_opened(7, "left_open");
    event(7, trace::ThreadEvent::ThreadEnded);
    const auto engine = check();
    EXPECT_EQ(engine.failed_rules(false), std::vector<std::string>{"TM-BALANCE"});
    ASSERT_EQ(engine.violations().size(), 1u);
    EXPECT_EQ(engine.violations()[0].seq, 2u) << "reported at the thread's end";
    EXPECT_THAT(engine.violations()[0].message,
                ::testing::HasSubstr("the thread ended with 1 layer(s) open: LeaveRuntime "
                                     "left_open (seq 1)"));
    EXPECT_TRUE(engine.still_running().empty());
    EXPECT_EQ(engine.calls_checked(), 2u) << "an event is no call";
}

TEST_F(RulesThreadEnds, RunThatEndedWithALayerOpenIsTmBalance)
{
    pinvoke_opened(1, "left_open");
    event(1, trace::ThreadEvent::RunEnded);
    EXPECT_EQ(check().failed_rules(false), std::vector<std::string>{"TM-BALANCE"});
}

TEST_F(RulesThreadEnds, ThreadStillRunningAtExitIsListedNotJudged)
{
    pinvoke_opened(9, "SystemNative_WaitForSocketEvents");
    add(1, HostCall::GetCurrentTask);
    event(1, trace::ThreadEvent::RunEnded);
    const auto engine = check();
    EXPECT_EQ(engine.violation_count(), 0u);
    ASSERT_EQ(engine.still_running().size(), 1u);
    EXPECT_EQ(engine.still_running()[0],
              "thread 9 was still running at exit with 1 layer(s) open: LeaveRuntime "
              "SystemNative_WaitForSocketEvents (seq 1)");
}

TEST_F(RulesThreadEnds, EndedThreadsIdMayComeAgain)
{
    add(5, HostCall::GetCurrentTask);
    event(5, trace::ThreadEvent::ThreadEnded);
    add(5, HostCall::ReverseEnterRuntime);
    add(5, HostCall::ReverseLeaveRuntime);
    EXPECT_EQ(check().violation_count(), 0u);
}

TEST_F(RulesThreadEnds, ContextLinesNameTheSymbol)
{
    pinvoke_opened(7, "left_open");
    event(7, trace::ThreadEvent::ThreadEnded);
    const auto engine = check();
    ASSERT_EQ(engine.violations().size(), 1u);
    const auto& context = engine.violations()[0].context;
    ASSERT_FALSE(context.empty());
    EXPECT_THAT(context.back(), ::testing::HasSubstr("left_open"));
}

} // namespace

namespace {

using namespace clrhost;

// The rows of docs/PROTOCOL.md's rule table, in order: "| TM-..." lines.
std::vector<std::string> protocol_rows()
{
    std::ifstream document(CLRHOST_PROTOCOL_DOCUMENT);
    EXPECT_TRUE(document) << "cannot open " << CLRHOST_PROTOCOL_DOCUMENT;
    std::vector<std::string> rows;
    for (std::string line; std::getline(document, line);)
        if (line.starts_with("| TM-"))
            rows.push_back(line);
    return rows;
}

// The engine's table is the rule list; the document shows it. A level in parentheses there marks
// a rule checked outside the engine (by a scenario or by `faults`), which the engine lacks.
TEST(RulesTable, ProtocolDocumentShowsEachRule)
{
    const auto engine_rows = protocol_rows();
    const auto rules = rules::all_rules();
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto expected = rules::protocol_row(rules[i]);
        EXPECT_TRUE(i < engine_rows.size() && engine_rows[i] == expected)
            << "docs/PROTOCOL.md's rule table differs from conformance/rules/rules.cpp at "
            << rules[i].id << "; its row " << i + 1 << " should be:\n"
            << expected;
    }
    EXPECT_EQ(engine_rows.size(), rules.size())
        << "docs/PROTOCOL.md shows a rule the table does not have: remove its row, or add the "
           "rule to conformance/rules/rules.cpp";
}

TEST(RulesTable, ReplayJudgesTheHostByTheHostRulesAlone)
{
    EXPECT_EQ(rules::host_rules(),
              (std::set<std::string, std::less<>>{"TM-HR-CODES", "TM-HR-EXACT", "TM-HR-LATCH",
                                                  "TM-BOOKKEEPING"}));
}

} // namespace
