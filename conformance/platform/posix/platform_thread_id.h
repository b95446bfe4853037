// The thread id seam on Linux (conformance/platform/thread_id.h): the calling thread's kernel
// thread id, cached per thread. gettid(2) is a real system call
// (glibc does not cache it), and the recorder and hosts ask for it on every transition: on a
// virtual machine that one call costs more than the whole transition callback. A fork()ed child
// does not keep the parent's id: a fork bumps a generation that makes every thread ask again.
#pragma once

#include <atomic>
#include <cstdint>
#include <pthread.h>
#include <sys/types.h>
#include <unistd.h>

namespace clrhost {

namespace detail {
inline std::atomic<unsigned> g_fork_generation{1};
inline void bump_fork_generation() noexcept
{
    g_fork_generation.fetch_add(1, std::memory_order_relaxed);
}
inline unsigned fork_generation() noexcept
{
    static const int registered = ::pthread_atfork(nullptr, nullptr, &bump_fork_generation);
    (void)registered;
    return g_fork_generation.load(std::memory_order_relaxed);
}
} // namespace detail

using ThreadId = std::uint32_t;

inline ThreadId current_thread_id() noexcept
{
    struct Cached {
        ThreadId tid = 0;
        unsigned generation = 0;
    };
    thread_local Cached cached;
    const auto generation = detail::fork_generation();
    if (cached.generation != generation) {
        cached.tid = static_cast<ThreadId>(::gettid());
        cached.generation = generation;
    }
    return cached.tid;
}

} // namespace clrhost
