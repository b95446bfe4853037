/* Native half of scenario S37 "async-callbacks": nests on thread-pool threads.
 *
 *   main thread:  RunAsync -> async_before_await (C), then awaits
 *   pool threads (a QueueUserWorkItem item, a Task.Run task, RunAsync after await Task.Yield()):
 *                 async_outer (C) -> PoolCallback.Invoke -> Layer -> async_inner (C)
 *
 * async_inner is a rendezvous: it returns only once `expected` threads are inside it, so the three
 * nests run at once, necessarily on three different pool threads. It gives up after 20 s and
 * returns -1 (the app then exits with 3). async_outer(cb, v) returns cb(v + 1) + 1,
 * async_inner(v, n) returns v * 2, async_before_await(v) returns v. */

#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <time.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define ASYNC_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef ASYNC_NOFOLD
#define ASYNC_NOFOLD
#endif
#define ASYNC_EXPORT __attribute__((visibility("default"), noinline, used)) ASYNC_NOFOLD

typedef int (*async_layer_fn)(int value);

ASYNC_EXPORT int async_before_await(int value);
ASYNC_EXPORT int async_outer(async_layer_fn layer, int value);
ASYNC_EXPORT int async_inner(int value, int expected);

/* Threads inside async_inner so far (one run per process: never reset). */
static atomic_int g_arrived;

ASYNC_EXPORT int async_before_await(int value)
{
    return value;
}

ASYNC_EXPORT int async_outer(async_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

ASYNC_EXPORT int async_inner(int value, int expected)
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
