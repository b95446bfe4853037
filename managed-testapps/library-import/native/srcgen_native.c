/* Native half of scenario S13 "library-import": two functions called through [LibraryImport]
 * (the source-generated P/Invoke), one blittable and one taking a UTF-8 string.
 * libimport_add(20, 17) + libimport_length("hello") = 37 + 5 = 42. No globals, no state. */

#include <string.h>

#if defined(_WIN32)
#define SRCGEN_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define SRCGEN_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef SRCGEN_NOFOLD
#define SRCGEN_NOFOLD
#endif
#define SRCGEN_EXPORT __attribute__((visibility("default"), noinline, used)) SRCGEN_NOFOLD
#endif

SRCGEN_EXPORT int libimport_add(int left, int right);
SRCGEN_EXPORT int libimport_length(const char* text);

SRCGEN_EXPORT int libimport_add(int left, int right)
{
    return left + right;
}

SRCGEN_EXPORT int libimport_length(const char* text)
{
    return text ? (int)strlen(text) : -1;
}
