/* Native half of scenario S11 "dllimport-marshalled": a P/Invoke whose IL stub must marshal, a
 * string parameter and a struct holding a string (both ANSI, which is UTF-8 on Linux).
 * marshalled_measure("hello", {"interop", 30}) = 5 + 7 + 30 = 42. No globals, no state. */

#include <string.h>

#if defined(_WIN32)
#define MARSHALLED_EXPORT __declspec(dllexport) __declspec(noinline)
#else
#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define MARSHALLED_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef MARSHALLED_NOFOLD
#define MARSHALLED_NOFOLD
#endif
#define MARSHALLED_EXPORT __attribute__((visibility("default"), noinline, used)) MARSHALLED_NOFOLD
#endif

/* The native layout of the managed MarshalledItem (LayoutKind.Sequential, CharSet.Ansi). */
struct marshalled_item {
    const char* name;
    int weight;
};

MARSHALLED_EXPORT int marshalled_measure(const char* text, const struct marshalled_item* item);

/* LeaveRuntime before this runs, EnterRuntime after it returns. */
MARSHALLED_EXPORT int marshalled_measure(const char* text, const struct marshalled_item* item)
{
    if (!text || !item || !item->name)
        return -1;
    return (int)strlen(text) + (int)strlen(item->name) + item->weight;
}
