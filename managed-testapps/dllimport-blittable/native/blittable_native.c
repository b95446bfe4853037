/* Native half of scenario S10 "dllimport-blittable": one blittable function, called through a
 * plain [DllImport] (C#) / <DllImport> (VB). blittable_add(20, 22) = 42. No globals, no state. */

#if defined(_WIN32)
#define BLITTABLE_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define BLITTABLE_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef BLITTABLE_NOFOLD
#define BLITTABLE_NOFOLD
#endif
#define BLITTABLE_EXPORT __attribute__((visibility("default"), noinline, used)) BLITTABLE_NOFOLD
#endif

BLITTABLE_EXPORT int blittable_add(int left, int right);

/* LeaveRuntime before this runs, EnterRuntime after it returns. */
BLITTABLE_EXPORT int blittable_add(int left, int right)
{
    return left + right;
}
