// The children of `run` and `faults`: at most N at once, each started when a slot frees, in the
// order the tasks were added; a task's end is handled as soon as it is seen, and may start the
// task again in its own slot (a FLAKY retry) or add tasks (an injection run again alone).
#pragma once

#include "conformance/verdict/child_process.h"

#include <deque>
#include <functional>
#include <list>
#include <optional>

namespace clrhost::cli {

class ProcessPool {
public:
    using Start = std::function<ChildProcess()>;
    // Called with how the task's process ended; a process it returns takes over the slot.
    using Ended = std::function<std::optional<ChildProcess>(const ChildEnd&)>;

    // parallel 0: one per core.
    explicit ProcessPool(unsigned parallel);

    unsigned parallel() const noexcept { return parallel_; }
    // Queued behind the tasks not started yet (from an Ended handler too).
    void add(Start start, Ended ended);
    // Until every task, and every task added meanwhile, has ended.
    void run();

private:
    struct Task {
        Start start;
        Ended ended;
    };
    struct Running {
        ChildProcess process;
        Ended ended;
    };
    bool poll_running();

    unsigned parallel_;
    std::deque<Task> pending_;
    std::list<Running> running_; // in the order started: ends seen together are handled so
};

} // namespace clrhost::cli
