/* Native half of scenario S01 "doc-table" (the seed page's six-row table).
 *
 *   VB Main -> first_unmanaged (C) -> C# SecondLayer -> second_unmanaged (C)
 *
 * first_unmanaged(cb, 20) returns cb(21) + 1; SecondLayer(21) returns second_unmanaged(21) = 42;
 * so the VB program sees 43. The "+ 1" after the callback also keeps the call from becoming a tail
 * call, so the callback returns into this frame as the table says. No globals, no state. */

#if defined(_WIN32)
#define DOCTABLE_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define DOCTABLE_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef DOCTABLE_NOFOLD
#define DOCTABLE_NOFOLD
#endif
#define DOCTABLE_EXPORT __attribute__((visibility("default"), noinline, used)) DOCTABLE_NOFOLD
#endif

#ifdef __cplusplus
extern "C" {
#endif

DOCTABLE_EXPORT int first_unmanaged(int (*callback)(int), int value);
DOCTABLE_EXPORT int second_unmanaged(int value);

/* Rows 1 and 6 (LeaveRuntime, EnterRuntime) bracket this call from VB; rows 2 and 5
 * (ReverseEnterRuntime, ReverseLeaveRuntime) bracket the callback into C#. */
DOCTABLE_EXPORT int first_unmanaged(int (*callback)(int), int value)
{
    int result = callback(value + 1);
    return result + 1;
}

/* Rows 3 and 4 (LeaveRuntime, EnterRuntime) bracket this call from C#. */
DOCTABLE_EXPORT int second_unmanaged(int value)
{
    return value * 2;
}

#ifdef __cplusplus
}
#endif
