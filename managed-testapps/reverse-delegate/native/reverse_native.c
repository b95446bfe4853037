/* Native half of scenario S16 "reverse-delegate": a function that calls back into managed code
 * through the pointer Marshal.GetFunctionPointerForDelegate made for a managed delegate.
 * reverse_apply(Twice, 20) = Twice(20) + 2 = 42. The "+ 2" after the callback also keeps the call
 * from becoming a tail call, so the callback returns into this frame. No globals, no state. */

#if defined(_WIN32)
#define REVERSE_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define REVERSE_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef REVERSE_NOFOLD
#define REVERSE_NOFOLD
#endif
#define REVERSE_EXPORT __attribute__((visibility("default"), noinline, used)) REVERSE_NOFOLD
#endif

REVERSE_EXPORT int reverse_apply(int (*callback)(int), int value);

/* LeaveRuntime/EnterRuntime bracket this call; ReverseEnterRuntime/ReverseLeaveRuntime bracket
 * the callback. */
REVERSE_EXPORT int reverse_apply(int (*callback)(int), int value)
{
    int result = callback(value);
    return result + 2;
}
