// The platform seam for thread ids: clrhost::ThreadId (32 bits: Linux's kernel thread id,
// Windows' thread id) and clrhost::current_thread_id(), inline, since the recorder and the hosts
// ask on every transition. The build picks the implementation: conformance/platform/posix or
// conformance/platform/windows (conformance/platform/CMakeLists.txt).
#pragma once

#include <platform_thread_id.h>
