/* Native half of scenario S38 "stored-callback": native code keeps a callback and calls it later.
 *
 *   Main -> store_callback(cb) (C: keeps cb, returns)
 *        -> fire(1) (C) -> StoredCallback.Invoke -> Layer
 *        -> fire(2) (C) -> StoredCallback.Invoke -> Layer
 *        -> clear_callback() (C: forgets cb)
 *
 * fire(v) returns cb(v) + 1, or -1 when no callback is stored. */

#include <stddef.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define STORED_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef STORED_NOFOLD
#define STORED_NOFOLD
#endif
#define STORED_EXPORT __attribute__((visibility("default"), noinline, used)) STORED_NOFOLD

typedef int (*stored_callback_fn)(int value);

STORED_EXPORT void store_callback(stored_callback_fn callback);
STORED_EXPORT int fire(int value);
STORED_EXPORT void clear_callback(void);

/* Set by store_callback, used by fire, reset by clear_callback (one thread uses it). */
static stored_callback_fn g_callback;

STORED_EXPORT void store_callback(stored_callback_fn callback)
{
    g_callback = callback;
}

STORED_EXPORT int fire(int value)
{
    if (g_callback == NULL)
        return -1;
    int result = g_callback(value);
    return result + 1;
}

STORED_EXPORT void clear_callback(void)
{
    g_callback = NULL;
}
