#include "conformance/trace/page_preparer.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

namespace clrhost::trace {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20; // per system call
#ifndef MADV_POPULATE_WRITE
constexpr int MADV_POPULATE_WRITE = 23; // Linux 5.14
#endif

std::size_t page_size()
{
    static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

} // namespace

void PagePreparer::prepare(std::byte* begin, std::byte* end)
{
    // Whole pages (madvise takes nothing else): the one a range begins in may be in use already,
    // which faulting it in does not disturb.
    const auto page = page_size();
    begin = reinterpret_cast<std::byte*>(reinterpret_cast<std::uintptr_t>(begin) / page * page);
    {
        std::lock_guard lock(mutex_);
        next_ = std::max(next_, begin);
        end_ = std::max(end_, end);
        if (next_ >= end_)
            return;
    }
    if (!thread_.joinable())
        thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
    wake_.notify_one();
}

void PagePreparer::stop()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void PagePreparer::run(std::stop_token stop)
{
    bool populate = true; // MADV_POPULATE_WRITE, until a kernel says it has none
    for (;;) {
        std::byte* begin = nullptr;
        std::byte* end = nullptr;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [this] { return next_ < end_; }))
                return;
            begin = next_;
            end = std::min(end_, begin + kChunk);
            next_ = end;
        }
        if (populate &&
            ::madvise(begin, static_cast<std::size_t>(end - begin), MADV_POPULATE_WRITE) != 0 &&
            errno == EINVAL)
            populate = false;
        if (!populate) // a read fault at least brings the page in; others may be writing it
            for (auto* page = begin; page < end; page += page_size())
                (void)std::atomic_ref(*reinterpret_cast<unsigned char*>(page))
                    .load(std::memory_order_relaxed);
    }
}

} // namespace clrhost::trace
