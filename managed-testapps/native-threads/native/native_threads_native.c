/* Native half of scenario S33 "native-threads": threads the runtime never saw call managed code.
 *
 *   Main -> start_threads(cb, n) (C) -> n pthreads, each: cb(i) twice -> Worker -> thread_work (C)
 *
 * Each pthread's first cb(i) is that thread's first entry into the runtime: ReverseEnterRuntime
 * with no LeaveRuntime open on the thread. Its second cb(i) enters a thread the runtime now knows.
 * start_threads joins them all before it returns, and returns the sum of every callback's result
 * (-1 if a thread could not be created). thread_work(i) returns i * 10. */

#define _POSIX_C_SOURCE 200809L

#include <pthread.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define NATIVE_THREADS_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef NATIVE_THREADS_NOFOLD
#define NATIVE_THREADS_NOFOLD
#endif
#define NATIVE_THREADS_EXPORT \
    __attribute__((visibility("default"), noinline, used)) NATIVE_THREADS_NOFOLD

#define NATIVE_THREADS_MAX 16
#define NATIVE_THREADS_CALLS_PER_THREAD 2

typedef int (*native_threads_fn)(int index);

NATIVE_THREADS_EXPORT int start_threads(native_threads_fn callback, int count);
NATIVE_THREADS_EXPORT int thread_work(int index);

struct native_thread {
    pthread_t thread;
    native_threads_fn callback;
    int index;
    int result;
};

static void* native_thread_main(void* argument)
{
    struct native_thread* self = argument;
    self->result = 0;
    for (int call = 0; call < NATIVE_THREADS_CALLS_PER_THREAD; ++call)
        self->result += self->callback(self->index);
    return NULL;
}

NATIVE_THREADS_EXPORT int start_threads(native_threads_fn callback, int count)
{
    struct native_thread threads[NATIVE_THREADS_MAX];
    if (!callback || count < 0 || count > NATIVE_THREADS_MAX)
        return -1;
    int started = 0;
    for (; started < count; ++started) {
        threads[started].callback = callback;
        threads[started].index = started;
        if (pthread_create(&threads[started].thread, NULL, native_thread_main, &threads[started]) != 0)
            break;
    }
    int sum = 0;
    for (int i = 0; i < started; ++i) {
        pthread_join(threads[i].thread, NULL);
        sum += threads[i].result;
    }
    return started == count ? sum : -1;
}

NATIVE_THREADS_EXPORT int thread_work(int index)
{
    return index * 10;
}
