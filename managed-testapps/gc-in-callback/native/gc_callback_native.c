/* Native half of scenario S36 "gc-in-callback".
 *
 *   Main -> gc_outer (C) -> CollectingCallback.Invoke -> Layer: GC.Collect(),
 *           GC.WaitForPendingFinalizers(), then gc_inner (C).
 *   finalizer thread: Finalizable's finalizer -> gc_finalized (C)
 *
 * gc_outer(cb, v) returns cb(v + 1) + 1; gc_inner(v) returns v * 2; gc_finalized(id) counts the
 * finalized objects and returns how many there were so far. */

#include <stdatomic.h>

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define GC_CALLBACK_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef GC_CALLBACK_NOFOLD
#define GC_CALLBACK_NOFOLD
#endif
#define GC_CALLBACK_EXPORT __attribute__((visibility("default"), noinline, used)) GC_CALLBACK_NOFOLD

typedef int (*gc_layer_fn)(int value);

GC_CALLBACK_EXPORT int gc_outer(gc_layer_fn layer, int value);
GC_CALLBACK_EXPORT int gc_inner(int value);
GC_CALLBACK_EXPORT int gc_finalized(int id);

static atomic_int g_finalized;

GC_CALLBACK_EXPORT int gc_outer(gc_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

GC_CALLBACK_EXPORT int gc_inner(int value)
{
    return value * 2;
}

GC_CALLBACK_EXPORT int gc_finalized(int id)
{
    (void)id;
    return atomic_fetch_add(&g_finalized, 1) + 1;
}
