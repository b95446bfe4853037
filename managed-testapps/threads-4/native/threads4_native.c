/* Native half of scenario S32 "threads-4": four managed threads nest at once.
 *
 *   worker thread -> threads_outer (C) -> LayerCallback.Invoke -> threads_inner (C)
 *
 * threads_inner is a rendezvous: it returns only once `expected` threads are inside it, so all
 * four threads have both layers open at the same moment. It gives up after 20 s and returns -1
 * (the app then exits with 3) instead of hanging the test. threads_outer(cb, v) returns
 * cb(v + 1) + 1 and threads_inner(v, n) returns v * 2, as in doc-table. */

#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <time.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define THREADS4_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef THREADS4_NOFOLD
#define THREADS4_NOFOLD
#endif
#define THREADS4_EXPORT __attribute__((visibility("default"), noinline, used)) THREADS4_NOFOLD

typedef int (*threads4_layer_fn)(int value);

THREADS4_EXPORT int threads_outer(threads4_layer_fn layer, int value);
THREADS4_EXPORT int threads_inner(int value, int expected);

/* Threads inside threads_inner so far (one run per process: never reset). */
static atomic_int g_arrived;

THREADS4_EXPORT int threads_outer(threads4_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

THREADS4_EXPORT int threads_inner(int value, int expected)
{
    atomic_fetch_add(&g_arrived, 1);
    const struct timespec pause = {0, 1000000}; /* 1 ms */
    for (int waited_ms = 0; atomic_load(&g_arrived) < expected; ++waited_ms) {
        if (waited_ms >= 20000)
            return -1;
        nanosleep(&pause, NULL);
    }
    return value * 2;
}
