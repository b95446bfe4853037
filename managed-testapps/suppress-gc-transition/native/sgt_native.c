/* Native half of scenario S20 "suppress-gc-transition": a trivial function called through a
 * [SuppressGCTransition] P/Invoke, and a control function called through a plain one right after.
 * sgt_add(20, 17) + sgt_control(5) = 37 + 5 = 42. No globals, no state, no blocking, no callbacks:
 * what SuppressGCTransition requires of a target. */

#if defined(_WIN32)
#define SGT_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define SGT_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef SGT_NOFOLD
#define SGT_NOFOLD
#endif
#define SGT_EXPORT __attribute__((visibility("default"), noinline, used)) SGT_NOFOLD
#endif

SGT_EXPORT int sgt_add(int left, int right);
SGT_EXPORT int sgt_control(int value);

/* Called without a GC transition. */
SGT_EXPORT int sgt_add(int left, int right)
{
    return left + right;
}

/* Called with the normal transition: LeaveRuntime before, EnterRuntime after. */
SGT_EXPORT int sgt_control(int value)
{
    return value;
}
