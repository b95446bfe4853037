// The thread id seam on Windows (conformance/platform/thread_id.h): GetCurrentThreadId reads the
// id from the thread's own environment block, no system call, so nothing is cached.
#pragma once

#include <cstdint>

extern "C" __declspec(dllimport) unsigned long __stdcall GetCurrentThreadId(void);

namespace clrhost {

using ThreadId = std::uint32_t;

inline ThreadId current_thread_id() noexcept
{
    return static_cast<ThreadId>(::GetCurrentThreadId());
}

} // namespace clrhost
