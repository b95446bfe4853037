/* Native half of scenario S34 "exception-caught-in-callback".
 *
 *   Main -> caught_outer (C) -> ThrowingCallback.Invoke -> Layer: caught_inner (C), then throws
 *           and catches a managed exception inside itself, then caught_inner (C) again.
 *
 * No managed exception ever reaches these frames. caught_outer(cb, v) returns cb(v + 1) + 1;
 * caught_inner(v) returns v * 2. */

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define CAUGHT_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef CAUGHT_NOFOLD
#define CAUGHT_NOFOLD
#endif
#define CAUGHT_EXPORT __attribute__((visibility("default"), noinline, used)) CAUGHT_NOFOLD

typedef int (*caught_layer_fn)(int value);

CAUGHT_EXPORT int caught_outer(caught_layer_fn layer, int value);
CAUGHT_EXPORT int caught_inner(int value);

CAUGHT_EXPORT int caught_outer(caught_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

CAUGHT_EXPORT int caught_inner(int value)
{
    return value * 2;
}
