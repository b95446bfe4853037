/* Native half of the bench-loops app (managed-testapps/bench-loops): the cheapest P/Invoke target
 * there is, and a loop that calls a managed [UnmanagedCallersOnly] method n times (n reverse
 * round trips inside one P/Invoke). Not a conformance scenario: the transition benchmark runs it.
 */

#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c11 */
#include <time.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define BENCHLOOPS_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef BENCHLOOPS_NOFOLD
#define BENCHLOOPS_NOFOLD
#endif
#define BENCHLOOPS_EXPORT __attribute__((visibility("default"), noinline, used)) BENCHLOOPS_NOFOLD

typedef int (*benchloops_callback_fn)(int value);

BENCHLOOPS_EXPORT int bench_noop(int value);
BENCHLOOPS_EXPORT long long bench_call_back(benchloops_callback_fn callback, int count);
BENCHLOOPS_EXPORT long long bench_process_cpu_ns(void);

/* One P/Invoke round trip: managed -> here -> managed. */
BENCHLOOPS_EXPORT int bench_noop(int value)
{
    return value + 1;
}

/* count reverse round trips: here -> managed -> here. Returns the sum, which the caller checks. */
BENCHLOOPS_EXPORT long long bench_call_back(benchloops_callback_fn callback, int count)
{
    long long sum = 0;
    for (int i = 0; i < count; ++i)
        sum += callback(i);
    return sum;
}

/* The process's CPU time in ns, for the app's .NET Framework build: Mono's
 * Process.TotalProcessorTime counts in clock ticks (10 ms), longer than a timed loop. */
BENCHLOOPS_EXPORT long long bench_process_cpu_ns(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
        return -1;
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}
