/* Native half of scenario S19 "vb-addressof": a function whose parameter is a VB delegate
 * (made with AddressOf and marshalled to a function pointer by the Declare's stub), which it calls
 * back once. vbaddressof_apply(Twice, 20) = Twice(20) + 2 = 42; the "+ 2" keeps the callback from
 * being a tail call. The pointer is not kept after the call returns. No globals, no state. */

#if defined(_WIN32)
#define VBADDRESSOF_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define VBADDRESSOF_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef VBADDRESSOF_NOFOLD
#define VBADDRESSOF_NOFOLD
#endif
#define VBADDRESSOF_EXPORT __attribute__((visibility("default"), noinline, used)) VBADDRESSOF_NOFOLD
#endif

VBADDRESSOF_EXPORT int vbaddressof_apply(int (*callback)(int), int value);

/* LeaveRuntime/EnterRuntime bracket this call; ReverseEnterRuntime/ReverseLeaveRuntime bracket
 * the callback. */
VBADDRESSOF_EXPORT int vbaddressof_apply(int (*callback)(int), int value)
{
    int result = callback(value);
    return result + 2;
}
