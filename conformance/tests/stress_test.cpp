// Stress tests without the runtime (labels unit, stress): many threads at once through the
// recorder in front of the reference host, and straight at the reference host. Meant for the
// tsan preset as much as for the normal build: every shared structure (the trace writer, the
// host's per-thread bookkeeping, the reference counts) is hit from all threads at once.
//
// Threads check their own state and hand results to the main thread: assertions run there.
#include "conformance/rules/rules.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "conformance/trace/trace_format.h"
#include "conformance/trace/trace_recording.h"
#include "fixtures/recorder/recorder.h"
#include "fixtures/reference-host/reference_host.h"

#include <clrhost/hresult.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace clrhost;
using namespace clrhost::trace;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;

constexpr int kThreads = 8;
constexpr int kRounds = 400;
constexpr int kMaxDepth = 4;

struct Expected {
    HostCall call;
    std::optional<std::uint64_t> target;
};

// What one thread did and saw, for the main thread to check.
struct ThreadResult {
    std::int64_t tid = 0;
    std::vector<Expected> calls; // in the order the thread made them
    std::vector<std::string> problems;
};

std::uint64_t target_of(int thread, int round, int level)
{
    return 0x10000000ull * static_cast<std::uint64_t>(thread + 1) +
           0x100ull * static_cast<std::uint64_t>(round) + static_cast<std::uint64_t>(level) + 1;
}

class StressTest : public ::testing::Test {
protected:
    std::string path_ =
        (std::filesystem::temp_directory_path() /
         ("stress-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
            .string();
    void TearDown() override { std::filesystem::remove(path_); }
};

// One thread's work: a P/Invoke that calls back into managed code that P/Invokes again, nested
// 1 to kMaxDepth deep, and on odd threads all of it inside a native entry (a thread that native
// code created, calling in: ReverseEnterRuntime with nothing open). Half the closing calls name
// their call site through ISiteAwareTaskManager, half are plain IHostTaskManager calls.
void nest(layers::Recorder& recorder, reference::ReferenceHost& host, int index,
          ThreadResult& result)
{
    result.tid = ::gettid();
    auto expect_depth = [&](std::size_t depth, const char* where) {
        const auto open = host.open_layers();
        if (open.size() != depth)
            result.problems.push_back(fmt::format("thread {}: {}: the host has {} layer(s) open, "
                                                  "expected {}",
                                                  index, where, open.size(), depth));
    };
    IHostTask* task = nullptr;
    if (recorder.GetCurrentTask(&task) != S_OK || !task)
        result.problems.push_back("GetCurrentTask gave no task");
    else
        task->Release();
    result.calls.push_back({HostCall::GetCurrentTask, std::nullopt});

    const bool native_entry = index % 2 == 1;
    if (native_entry) {
        recorder.ReverseEnterRuntime();
        result.calls.push_back({HostCall::ReverseEnterRuntime, std::nullopt});
    }
    const std::size_t base = native_entry ? 1 : 0;
    for (int round = 0; round < kRounds; ++round) {
        const int depth = 1 + (round + index) % kMaxDepth;
        for (int level = 0; level < depth; ++level) {
            const auto target = target_of(index, round, level);
            BOOL needs_hook = FALSE_;
            recorder.CallNeedsHostHook(target, &needs_hook);
            if (needs_hook != TRUE_)
                result.problems.push_back("the reference host declined a hook");
            recorder.LeaveRuntime(target);
            recorder.ReverseEnterRuntime();
            result.calls.push_back({HostCall::CallNeedsHostHook, target});
            result.calls.push_back({HostCall::LeaveRuntime, target});
            result.calls.push_back({HostCall::ReverseEnterRuntime, std::nullopt});
        }
        expect_depth(base + 2 * static_cast<std::size_t>(depth), "innermost");
        for (int level = depth - 1; level >= 0; --level) {
            const auto target = target_of(index, round, level);
            recorder.ReverseLeaveRuntime();
            result.calls.push_back({HostCall::ReverseLeaveRuntime, std::nullopt});
            if ((round + level) % 2 == 0) {
                TransitionSite site;
                site.target = target;
                site.symbol = "stress_native";
                recorder.EnterRuntimeAt(site);
                result.calls.push_back({HostCall::EnterRuntime, target});
            } else {
                recorder.EnterRuntime();
                result.calls.push_back({HostCall::EnterRuntime, std::nullopt});
            }
        }
        expect_depth(base, "between rounds");
    }
    if (native_entry) {
        recorder.ReverseLeaveRuntime();
        result.calls.push_back({HostCall::ReverseLeaveRuntime, std::nullopt});
    }
    expect_depth(0, "at the end");
}

TEST_F(StressTest, RecorderLosesNothingAndTheTraceConforms)
{
    auto host = make_com<reference::ReferenceHost>();
    std::vector<ThreadResult> results(kThreads);
    {
        TraceRecording recording(path_, {"coreclr", "", "reference"});
        auto recorder =
            make_com<layers::Recorder>(ComPtr<IHostTaskManager>::share(host.get()), recording);
        std::barrier start(kThreads);
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait(); // all threads at once, not one after the other
                nest(*recorder, *host, t, results[t]);
            });
        threads.clear();
        EXPECT_TRUE(recording.error().empty()) << recording.error();
        recording.finish();
    }
    EXPECT_EQ(host->unmatched_closes(), 0u);

    std::size_t made = 0;
    std::map<std::int64_t, const ThreadResult*> by_tid;
    for (const auto& result : results) {
        for (const auto& problem : result.problems)
            ADD_FAILURE() << problem;
        made += result.calls.size();
        by_tid[result.tid] = &result;
    }
    ASSERT_EQ(by_tid.size(), static_cast<std::size_t>(kThreads)) << "tids must be distinct";

    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), made) << "the recorder lost or invented calls";
    std::map<std::int64_t, std::size_t> next; // per thread: its next expected call
    rules::RulesEngine engine({trace.header.driver});
    for (std::size_t i = 0; i < trace.calls.size(); ++i) {
        const auto& call = trace.calls[i];
        ASSERT_EQ(call.seq, i) << "seq must be global and strictly increasing in file order";
        ASSERT_THAT(Hr(call.hr), IsHresult(S_OK)) << "seq " << i;
        const auto owner = by_tid.find(call.tid);
        ASSERT_NE(owner, by_tid.end()) << "seq " << i << ": a call on an unknown thread";
        auto& position = next[call.tid];
        ASSERT_LT(position, owner->second->calls.size()) << "seq " << i;
        const auto& expected = owner->second->calls[position++];
        ASSERT_EQ(call.call, expected.call) << "seq " << i << ": a thread's calls out of order";
        ASSERT_EQ(call.target, expected.target) << "seq " << i;
        if (call.call == HostCall::CallNeedsHostHook) {
            ASSERT_EQ(call.hook, true) << "seq " << i;
        }
        engine.check(call);
    }
    for (const auto& [tid, result] : by_tid)
        EXPECT_EQ(next[tid], result->calls.size()) << "thread " << tid << " lost calls";
    engine.finish();
    EXPECT_EQ(engine.violation_count(), 0u)
        << (engine.violations().empty()
                ? std::string()
                : engine.violations().front().rule + ": " + engine.violations().front().message);
    EXPECT_EQ(engine.calls_checked(), made);
}

// The host alone, without recorder: each thread gets one task of its own for its life, its
// layers are its own (through open_layers() and IHostLayerIntrospection alike), and the rest of
// the interface stays usable while all of this happens.
TEST_F(StressTest, ReferenceHostBookkeepingUnderConcurrency)
{
    auto host = make_com<reference::ReferenceHost>();
    std::vector<ThreadResult> results(kThreads);
    std::vector<IHostTask*> tasks(kThreads, nullptr);
    std::barrier start(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                auto& result = results[t];
                result.tid = ::gettid();
                start.arrive_and_wait();
                ComPtr<IHostTask> first;
                host->GetCurrentTask(first.put());
                for (int round = 0; round < 10 * kRounds; ++round) {
                    ComPtr<IHostTask> again;
                    if (host->GetCurrentTask(again.put()) != S_OK || again.get() != first.get())
                        result.problems.push_back("GetCurrentTask changed within a thread");
                    const int depth = 1 + (round + t) % kMaxDepth;
                    for (int level = 0; level < depth; ++level) {
                        host->LeaveRuntime(target_of(t, round, level));
                        host->ReverseEnterRuntime();
                    }
                    const auto open = host->open_layers();
                    std::array<HostLayer, 2 * kMaxDepth> seen{};
                    ULONG count = 0;
                    host->GetCurrentThreadLayers(seen.data(), seen.size(), &count);
                    if (open.size() != 2 * static_cast<std::size_t>(depth) ||
                        open.front() != reference::Layer::Unmanaged ||
                        open.back() != reference::Layer::Managed || count != open.size() ||
                        !std::equal(open.begin(), open.end(), seen.begin()))
                        result.problems.push_back(
                            fmt::format("round {}: {} layers open, expected {}", round, open.size(),
                                        2 * depth));
                    for (int level = 0; level < depth; ++level) {
                        if (host->ReverseLeaveRuntime() != S_OK || host->EnterRuntime() != S_OK)
                            result.problems.push_back("a matched close failed");
                    }
                    host->SetStackGuarantee(static_cast<ULONG>(round));
                    ULONG guarantee = 0;
                    host->GetStackGuarantee(&guarantee);
                }
                if (!host->open_layers().empty())
                    result.problems.push_back("layers left open");
                tasks[t] = first.detach(); // kept alive past the thread, compared below
            });
    }
    for (const auto& result : results)
        for (const auto& problem : result.problems)
            ADD_FAILURE() << "thread " << result.tid << ": " << problem;
    EXPECT_EQ(host->unmatched_closes(), 0u);
    EXPECT_FALSE(host->disabled());
    std::set<IHostTask*> distinct(tasks.begin(), tasks.end());
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads)) << "threads shared a task";
    for (auto* task : tasks)
        if (task)
            task->Release();
}

// TM-HR-LATCH under concurrency: every thread makes an unmatched close at the same moment while
// the others keep calling. Exactly one call in the process gets E_FAIL, and once a thread has
// seen the host fail, every later call it makes gets HOST_E_CLRNOTAVAILABLE.
TEST_F(StressTest, ReferenceHostLatchesExactlyOnceUnderConcurrency)
{
    auto host = make_com<reference::ReferenceHost>();
    std::vector<ThreadResult> results(kThreads);
    std::atomic<int> e_fails{0};
    std::barrier start(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                auto& result = results[t];
                bool failed = false;
                auto take = [&](HRESULT answer) {
                    if (answer == E_FAIL)
                        ++e_fails;
                    if (failed && answer != HOST_E_CLRNOTAVAILABLE)
                        result.problems.push_back(
                            fmt::format("{} after the host failed", hresult_describe(answer)));
                    failed = failed || answer != S_OK;
                };
                for (int round = 0; round < 50; ++round) {
                    take(host->LeaveRuntime(target_of(t, round, 0)));
                    take(host->ReverseEnterRuntime());
                    take(host->ReverseLeaveRuntime());
                    take(host->EnterRuntime());
                }
                start.arrive_and_wait();
                take(host->ReverseLeaveRuntime()); // closes nothing
                for (int round = 0; round < 50; ++round) {
                    take(host->LeaveRuntime(target_of(t, round, 1)));
                    take(host->EnterRuntime());
                    BOOL needs_hook = FALSE_;
                    take(host->CallNeedsHostHook(1, &needs_hook));
                }
                if (!failed)
                    result.problems.push_back("the host never failed");
            });
    }
    for (const auto& result : results)
        for (const auto& problem : result.problems)
            ADD_FAILURE() << problem;
    EXPECT_EQ(e_fails.load(), 1);
    EXPECT_TRUE(host->disabled());
    EXPECT_GE(host->unmatched_closes(), 1u);
    EXPECT_LE(host->unmatched_closes(), static_cast<std::size_t>(kThreads));
}

// Many threads recording and a reader of the recording's counters at once, every call with a
// site of its own that the recording must intern by its content; then the trace holds every
// call, numbered in file order, each thread's in the order it made them.
TEST_F(StressTest, TraceRecordingUnderConcurrentRecordsAndReads)
{
    constexpr int kPerThread = 2000;
    std::atomic<bool> done{false};
    std::atomic<bool> went_wrong{false};
    {
        TraceRecording recording(path_, {"replay", "", "stress"});
        std::jthread reader([&] {
            std::uint64_t last = 0;
            while (!done.load()) {
                const auto now = recording.calls_recorded();
                if (now < last || !recording.error().empty())
                    went_wrong = true;
                last = now;
            }
        });
        {
            std::vector<std::jthread> threads;
            for (int t = 0; t < kThreads; ++t)
                threads.emplace_back([&, t] {
                    const auto method = "Stress.Thread" + std::to_string(t);
                    TransitionSite site;
                    site.method = method.c_str();
                    RecordedCall call;
                    call.call = HostCall::ReverseEnterRuntime;
                    call.site = &site;
                    for (int i = 0; i < kPerThread; ++i) {
                        site.target = static_cast<SIZE_T>(i + 1);
                        recording.record(call);
                    }
                });
        }
        done = true;
        reader.join();
        EXPECT_FALSE(went_wrong.load()) << "calls_recorded went back or the recording failed";
        EXPECT_EQ(recording.calls_recorded(), static_cast<std::uint64_t>(kThreads * kPerThread));
        recording.finish();
    }
    const auto trace = read_trace_file(path_);
    ASSERT_EQ(trace.calls.size(), static_cast<std::size_t>(kThreads * kPerThread));
    std::map<std::int64_t, std::uint64_t> next;
    std::map<std::int64_t, std::string> method_of;
    for (std::size_t i = 0; i < trace.calls.size(); ++i) {
        const auto& call = trace.calls[i];
        ASSERT_EQ(call.seq, i);
        ASSERT_EQ(call.target, ++next[call.tid]);
        ASSERT_TRUE(call.method);
        auto [it, first] = method_of.emplace(call.tid, *call.method);
        ASSERT_EQ(it->second, *call.method) << "a call carries another thread's site";
    }
    EXPECT_EQ(next.size(), static_cast<std::size_t>(kThreads));
}

// The engine keeps no shared mutable state: engines on several threads at once, each over the
// same trace (with a crossed bracket in it), come to the same verdict.
TEST_F(StressTest, RulesEnginesOnSeveralThreadsAgree)
{
    auto trace = read_trace_file(CLRHOST_TEST_DATA "/doc-table.coreclr.jsonl");
    ASSERT_GT(trace.calls.size(), 8u);
    for (std::size_t i = 0; i + 1 < trace.calls.size(); ++i)
        if (trace.calls[i].call == HostCall::EnterRuntime &&
            trace.calls[i + 1].call == HostCall::ReverseLeaveRuntime) {
            std::swap(trace.calls[i], trace.calls[i + 1]);
            break;
        }
    for (std::size_t i = 0; i < trace.calls.size(); ++i)
        trace.calls[i].seq = i;
    std::vector<std::vector<std::string>> verdicts(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int round = 0; round < 50; ++round) {
                    rules::RulesEngine engine({trace.header.driver});
                    for (const auto& call : trace.calls)
                        engine.check(call);
                    engine.finish();
                    verdicts[t] = engine.failed_rules(true);
                    for (const auto& violation : engine.violations())
                        verdicts[t].push_back(violation.message);
                }
            });
    }
    ASSERT_FALSE(verdicts[0].empty()) << "the crossed bracket went unnoticed";
    EXPECT_EQ(verdicts[0][0], "TM-NEST");
    for (const auto& verdict : verdicts)
        EXPECT_EQ(verdict, verdicts[0]);
}

} // namespace
