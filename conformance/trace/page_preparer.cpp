#include "conformance/trace/page_preparer.h"

#include "conformance/platform/file.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace clrhost::trace {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20; // per system call
using platform::page_size;

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
        thread_ = std::thread([this] { run(); });
    wake_.notify_one();
}

void PagePreparer::stop()
{
    if (thread_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
        stopping_ = false; // a later prepare() starts a thread again
    }
}

void PagePreparer::run()
{
    bool populate = true; // the system's own, until it says it has none
    for (;;) {
        std::byte* begin = nullptr;
        std::byte* end = nullptr;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || next_ < end_; });
            if (stopping_)
                return;
            begin = next_;
            end = std::min(end_, begin + kChunk);
            next_ = end;
        }
        if (populate && !platform::prefault_for_write(begin, end))
            populate = false;
        if (!populate) // a read fault at least brings the page in; others may be writing it
            for (auto* page = begin; page < end; page += page_size())
                (void)std::atomic_ref(*reinterpret_cast<unsigned char*>(page))
                    .load(std::memory_order_relaxed);
    }
}

} // namespace clrhost::trace
