/* Native half of scenario S15 "forward-delegate": a function that managed code looks up with
 * NativeLibrary.GetExport, wraps with Marshal.GetDelegateForFunctionPointer and calls through the
 * delegate. forward_double(21) = 42. No globals, no state. */

#if defined(_WIN32)
#define FORWARD_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define FORWARD_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef FORWARD_NOFOLD
#define FORWARD_NOFOLD
#endif
#define FORWARD_EXPORT __attribute__((visibility("default"), noinline, used)) FORWARD_NOFOLD
#endif

FORWARD_EXPORT int forward_double(int value);
typedef int (*forward_fn)(int value);
FORWARD_EXPORT forward_fn forward_address(void);

/* LeaveRuntime before this runs, EnterRuntime after it returns; CoreCLR names the delegate
 * type's Invoke for both, not this function. */
FORWARD_EXPORT int forward_double(int value)
{
    return value * 2;
}

/* forward_double's address, for the .NET Framework build (no NativeLibrary.GetExport there). */
FORWARD_EXPORT forward_fn forward_address(void)
{
    return &forward_double;
}
