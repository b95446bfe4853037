/* Native half of the thread-ends app: a call that never returns, a call that calls back, and a
 * plain function the app reaches through the framework's delegate types.
 *
 *   block_forever()        marks itself entered, then waits for ever (the thread is left
 *                          blocked in native code when the process exits)
 *   block_entered()        1 once a thread is inside block_forever
 *   call_back(cb)          calls cb() and returns its result + 1
 *   call_action(action)    calls action()
 *   plain_native()         returns 42 (also reached through plain_native_address())
 *   plain_native_address() the address of plain_native, for GetDelegateForFunctionPointer */

#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>

#define THREADENDS_EXPORT __attribute__((visibility("default"), noinline, used))

typedef int (*threadends_fn)(void);
typedef void (*threadends_action)(void);

static atomic_int entered;
static pthread_mutex_t never_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_signalled = PTHREAD_COND_INITIALIZER;

THREADENDS_EXPORT int block_forever(void);
THREADENDS_EXPORT int block_entered(void);
THREADENDS_EXPORT int call_back(threadends_fn callback);
THREADENDS_EXPORT void call_action(threadends_action action);
THREADENDS_EXPORT int plain_native(void);
THREADENDS_EXPORT void* plain_native_address(void);

int block_forever(void)
{
    pthread_mutex_lock(&never_mutex);
    atomic_store(&entered, 1);
    for (;;)
        pthread_cond_wait(&never_signalled, &never_mutex); /* nobody signals it */
}

int block_entered(void)
{
    return atomic_load(&entered);
}

int call_back(threadends_fn callback)
{
    return callback() + 1;
}

void call_action(threadends_action action)
{
    action();
}

int plain_native(void)
{
    return 42;
}

void* plain_native_address(void)
{
    return (void*)&plain_native;
}
