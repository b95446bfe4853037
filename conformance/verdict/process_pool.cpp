#include "conformance/verdict/process_pool.h"

#include <algorithm>
#include <thread>

namespace clrhost::cli {

ProcessPool::ProcessPool(unsigned parallel)
    : parallel_(parallel ? parallel : std::max(1u, std::thread::hardware_concurrency()))
{
}

void ProcessPool::add(Start start, Ended ended)
{
    pending_.push_back({std::move(start), std::move(ended)});
}

void ProcessPool::run()
{
    while (!pending_.empty() || !running_.empty()) {
        while (running_.size() < parallel_ && !pending_.empty()) {
            auto task = std::move(pending_.front());
            pending_.pop_front();
            running_.push_back({task.start(), std::move(task.ended)});
        }
        if (!poll_running())
            std::this_thread::sleep_for(kPollInterval);
    }
}

// One look at every child; true when a slot came free.
bool ProcessPool::poll_running()
{
    bool freed = false;
    for (auto slot = running_.begin(); slot != running_.end();) {
        if (!slot->process.poll()) {
            ++slot;
            continue;
        }
        if (auto again = slot->ended(slot->process.end())) {
            slot->process = std::move(*again); // polled from the next look on
            ++slot;
            continue;
        }
        slot = running_.erase(slot);
        freed = true;
    }
    return freed;
}

} // namespace clrhost::cli
