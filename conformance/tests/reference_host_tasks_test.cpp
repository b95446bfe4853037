// The reference host makes the threads a runtime asks it for (IHostTaskManager::CreateTask, as
// the .NET Framework does for its own threads): suspended until Start, the created task that
// thread's own, Join waiting for its end, and nothing left behind however the tasks are released.
#include "conformance/platform/thread_id.h"
#include "conformance/tests/support/hresult_matchers.h"
#include "fixtures/reference-host/reference_host.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

using namespace clrhost;
using clrhost::test_support::Hr;
using clrhost::test_support::IsHresult;

constexpr DWORD kInfinite = 0xFFFFFFFF;

// What a routine saw on its thread, and a gate it waits at until the test opens it.
struct Routine {
    reference::ReferenceHost* host = nullptr;
    bool wait_for_gate = false;
    std::mutex mutex;
    std::condition_variable changed;
    bool gate_open = false;
    bool ran = false;
    ThreadId thread = 0;
    ComPtr<IHostTask> current_task;

    static DWORD run(PVOID parameter)
    {
        auto& routine = *static_cast<Routine*>(parameter);
        IHostTask* task = nullptr;
        routine.host->GetCurrentTask(&task);
        std::unique_lock lock(routine.mutex);
        routine.current_task = ComPtr<IHostTask>::adopt(task);
        routine.thread = current_thread_id();
        routine.ran = true;
        routine.changed.notify_all();
        routine.changed.wait(lock, [&] { return !routine.wait_for_gate || routine.gate_open; });
        return 0;
    }
    void open_gate()
    {
        std::lock_guard lock(mutex);
        gate_open = true;
        changed.notify_all();
    }
    bool has_run()
    {
        std::lock_guard lock(mutex);
        return ran;
    }
};

ComPtr<IHostTask> create_task(reference::ReferenceHost& host, Routine& routine)
{
    IHostTask* task = nullptr;
    EXPECT_THAT(Hr(host.CreateTask(0, &Routine::run, &routine, &task)), IsHresult(S_OK));
    return ComPtr<IHostTask>::adopt(task);
}

TEST(ReferenceHostTasks, AStartedTaskRunsOnANewThreadWhoseTaskItIs)
{
    auto host = make_com<reference::ReferenceHost>();
    Routine routine;
    routine.host = host.get();
    auto task = create_task(*host, routine);
    ASSERT_TRUE(task);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(routine.has_run()) << "a created task waits for Start";
    EXPECT_THAT(Hr(task->Start()), IsHresult(S_OK));
    EXPECT_THAT(Hr(task->Join(kInfinite, 0)), IsHresult(S_OK));
    EXPECT_TRUE(routine.has_run());
    EXPECT_NE(routine.thread, current_thread_id());
    EXPECT_EQ(routine.current_task.get(), task.get())
        << "GetCurrentTask on the created thread answers the created task";
    EXPECT_THAT(Hr(task->Start()), IsHresult(HOST_E_INVALIDOPERATION)) << "started twice";
}

TEST(ReferenceHostTasks, JoinTimesOutWhileTheTaskRunsAndSucceedsAfterItsEnd)
{
    auto host = make_com<reference::ReferenceHost>();
    Routine routine;
    routine.host = host.get();
    routine.wait_for_gate = true;
    auto task = create_task(*host, routine);
    ASSERT_THAT(Hr(task->Start()), IsHresult(S_OK));
    EXPECT_THAT(Hr(task->Join(50, 0)), IsHresult(HOST_E_TIMEOUT));
    routine.open_gate();
    EXPECT_THAT(Hr(task->Join(10'000, 0)), IsHresult(S_OK));
    EXPECT_THAT(Hr(task->Join(0, 0)), IsHresult(S_OK)) << "joined again after its end";
}

TEST(ReferenceHostTasks, ATaskReleasedWithoutStartNeverRunsAndLetsTheHostGo)
{
    auto host = make_com<reference::ReferenceHost>();
    Routine routine;
    routine.host = host.get();
    auto task = create_task(*host, routine);
    EXPECT_EQ(host->AddRef(), 3u) << "the unstarted task holds the host";
    host->Release();
    task = nullptr;
    EXPECT_EQ(host->AddRef(), 2u) << "and lets it go with itself";
    host->Release();
    EXPECT_FALSE(routine.has_run());
}

// The runtime may let go of the task and the host while the routine still runs: the thread keeps
// its task until the routine returns, then lets it go on its own thread.
TEST(ReferenceHostTasks, ATaskReleasedWhileItRunsEndsCleanly)
{
    auto host = make_com<reference::ReferenceHost>();
    static Routine routine; // the thread may still be leaving it when the test ends
    {
        std::lock_guard lock(routine.mutex); // as new when the test is repeated
        routine.ran = routine.gate_open = false;
    }
    routine.host = host.get();
    routine.wait_for_gate = true;
    auto task = create_task(*host, routine);
    ASSERT_THAT(Hr(task->Start()), IsHresult(S_OK));
    {
        std::unique_lock lock(routine.mutex);
        routine.changed.wait(lock, [&] { return routine.ran; });
        routine.current_task = nullptr; // the routine's own reference, as a runtime drops it
    }
    task = nullptr;
    host = nullptr;
    routine.open_gate();
    // Nothing to join: the thread ends on its own; a crash or std::terminate would end the test.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST(ReferenceHostTasks, KeepsPriorityAndAnswersAlert)
{
    auto host = make_com<reference::ReferenceHost>();
    Routine routine;
    routine.host = host.get();
    auto task = create_task(*host, routine);
    int priority = 0;
    EXPECT_THAT(Hr(task->SetPriority(2)), IsHresult(S_OK));
    EXPECT_THAT(Hr(task->GetPriority(&priority)), IsHresult(S_OK));
    EXPECT_EQ(priority, 2);
    EXPECT_THAT(Hr(task->Alert()), IsHresult(S_OK));
}

} // namespace
