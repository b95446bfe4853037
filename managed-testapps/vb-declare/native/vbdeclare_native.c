/* Native half of scenario S18 "vb-declare": a function called through a VB `Declare` statement,
 * which implies CharSet.Ansi (the String arrives as UTF-8 on Linux) and SetLastError. It returns
 * the text's length and, so that the implied SetLastError has something to save, sets errno to 42.
 * No globals, no state. */

#include <errno.h>
#include <string.h>

#if defined(_WIN32)
#define VBDECLARE_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define VBDECLARE_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef VBDECLARE_NOFOLD
#define VBDECLARE_NOFOLD
#endif
#define VBDECLARE_EXPORT __attribute__((visibility("default"), noinline, used)) VBDECLARE_NOFOLD
#endif

VBDECLARE_EXPORT int vbdeclare_measure(const char* text);

/* LeaveRuntime before this runs, EnterRuntime after it returns. */
VBDECLARE_EXPORT int vbdeclare_measure(const char* text)
{
    errno = 42;
    return text ? (int)strlen(text) : -1;
}
