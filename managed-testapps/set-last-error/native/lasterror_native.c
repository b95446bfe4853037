/* Native half of scenario S12 "set-last-error": a function that fails the POSIX way, setting errno
 * to the code it is given and returning -1. Called through [DllImport(SetLastError = true)], so the
 * IL stub saves errno right after the call, and Marshal.GetLastPInvokeError() must read the code
 * back although the host's EnterRuntime ran in between (rule TM-LASTERROR). */

#include <errno.h>

#if defined(_WIN32)
#define LASTERROR_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define LASTERROR_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef LASTERROR_NOFOLD
#define LASTERROR_NOFOLD
#endif
#define LASTERROR_EXPORT __attribute__((visibility("default"), noinline, used)) LASTERROR_NOFOLD
#endif

LASTERROR_EXPORT int lasterror_fail(int code);
LASTERROR_EXPORT int lasterror_peek(void);

/* LeaveRuntime before this runs, EnterRuntime after it returns. */
LASTERROR_EXPORT int lasterror_fail(int code)
{
    errno = code;
    return -1;
}

/* errno as the transitions of this call left it: the app's own read of errno on the .NET Framework,
 * which has no Marshal.GetLastSystemError. */
LASTERROR_EXPORT int lasterror_peek(void)
{
    return errno;
}
