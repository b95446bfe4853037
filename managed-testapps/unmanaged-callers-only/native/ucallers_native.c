/* Native half of scenario S17 "unmanaged-callers-only": a function that calls back into an
 * [UnmanagedCallersOnly] managed method whose address managed code passed in.
 * ucallers_apply(Twice, 20) = Twice(20) + 2 = 42. The "+ 2" after the callback also keeps the call
 * from becoming a tail call. No globals, no state. */

#if defined(_WIN32)
#define UCALLERS_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define UCALLERS_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef UCALLERS_NOFOLD
#define UCALLERS_NOFOLD
#endif
#define UCALLERS_EXPORT __attribute__((visibility("default"), noinline, used)) UCALLERS_NOFOLD
#endif

UCALLERS_EXPORT int ucallers_apply(int (*callback)(int), int value);

/* LeaveRuntime/EnterRuntime bracket this call; ReverseEnterRuntime/ReverseLeaveRuntime bracket
 * the callback. */
UCALLERS_EXPORT int ucallers_apply(int (*callback)(int), int value)
{
    int result = callback(value);
    return result + 2;
}
