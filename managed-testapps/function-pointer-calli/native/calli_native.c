/* Native half of scenario S14 "function-pointer-calli": a function that managed code looks up
 * with NativeLibrary.GetExport and calls through a `delegate* unmanaged<int, int>` (IL calli).
 * calli_triple(14) = 42. No globals, no state. */

#if defined(_WIN32)
#define CALLI_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define CALLI_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef CALLI_NOFOLD
#define CALLI_NOFOLD
#endif
#define CALLI_EXPORT __attribute__((visibility("default"), noinline, used)) CALLI_NOFOLD
#endif

CALLI_EXPORT int calli_triple(int value);
typedef int (*calli_fn)(int value);
CALLI_EXPORT calli_fn calli_address(void);

/* LeaveRuntime before this runs, EnterRuntime after it returns; neither can name it (calli). */
CALLI_EXPORT int calli_triple(int value)
{
    return value * 3;
}

/* calli_triple's address, for the .NET Framework build (no NativeLibrary.GetExport there). */
CALLI_EXPORT calli_fn calli_address(void)
{
    return &calli_triple;
}
