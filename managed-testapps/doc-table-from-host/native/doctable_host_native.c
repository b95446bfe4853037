/* Native half of scenario S02 "doc-table-from-host": the seed page's six-row table (as in S01
 * doc-table), entered from the host's own native thread through a function pointer.
 *
 *   host (C++) -> HostEntry.Run (C#) -> VB Program.Run -> first_unmanaged (C)
 *              -> C# SecondLayer -> second_unmanaged (C)
 *
 * first_unmanaged(cb, 20) returns cb(21) + 1; SecondLayer(21) returns second_unmanaged(21) = 42;
 * so Run sees 43. The "+ 1" keeps the callback from becoming a tail call. No globals, no state. */

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define DOCTABLE_HOST_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef DOCTABLE_HOST_NOFOLD
#define DOCTABLE_HOST_NOFOLD
#endif
#define DOCTABLE_HOST_EXPORT \
    __attribute__((visibility("default"), noinline, used)) DOCTABLE_HOST_NOFOLD

DOCTABLE_HOST_EXPORT int first_unmanaged(int (*callback)(int), int value);
DOCTABLE_HOST_EXPORT int second_unmanaged(int value);

/* Rows 1 and 6 (LeaveRuntime, EnterRuntime) bracket this call from VB; rows 2 and 5
 * (ReverseEnterRuntime, ReverseLeaveRuntime) bracket the callback into C#. */
DOCTABLE_HOST_EXPORT int first_unmanaged(int (*callback)(int), int value)
{
    int result = callback(value + 1);
    return result + 1;
}

/* Rows 3 and 4 (LeaveRuntime, EnterRuntime) bracket this call from C#. */
DOCTABLE_HOST_EXPORT int second_unmanaged(int value)
{
    return value * 2;
}
