// Faults the pages of a mapped file in ahead of the threads that will write them, on a thread of
// its own. The first store into a page of a new file costs the kernel's zeroing of it (on this
// suite's virtual machines, with the hypervisor backing it, microseconds a page: more than a
// recorded call costs otherwise), and it would fall on whichever call crosses into the page
// (docs/PERFORMANCE.md). The work is the same; it is done off the traced threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace clrhost::trace {

class PagePreparer {
public:
    PagePreparer() = default;
    ~PagePreparer() { stop(); }
    PagePreparer(const PagePreparer&) = delete;
    PagePreparer& operator=(const PagePreparer&) = delete;

    // Asks for [begin, end) of a mapping, which must stay mapped until stop(): ranges come in
    // increasing order, and what was asked for before is not done again.
    void prepare(std::byte* begin, std::byte* end);
    // Waits for the page being prepared, if any; nothing is touched after it returns.
    void stop();

private:
    void run();

    // A plain thread, flag and condition variable, not std::jthread's stop token: its
    // libstdc++ implementation waits on an atomic (a semaphore), which hung under Wine.
    std::mutex mutex_;
    std::condition_variable wake_;
    std::byte* next_ = nullptr; // the first page not prepared yet
    std::byte* end_ = nullptr;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace clrhost::trace
