/* Native half of scenario S35 "exception-escapes-callback" (a death test).
 *
 *   Main -> escape_outer (C) -> EscapingCallback.Invoke -> Layer: escape_inner (C), then throws.
 *
 * The managed exception leaves the callback towards escape_outer's frame. On Linux CoreCLR does
 * not unwind managed exceptions through native frames: the process dies there, and the
 * "+ 1" after the callback never runs. escape_outer(cb, v) returns cb(v + 1) + 1;
 * escape_inner(v) returns v * 2. */

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define ESCAPE_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef ESCAPE_NOFOLD
#define ESCAPE_NOFOLD
#endif
#define ESCAPE_EXPORT __attribute__((visibility("default"), noinline, used)) ESCAPE_NOFOLD

typedef int (*escape_layer_fn)(int value);

ESCAPE_EXPORT int escape_outer(escape_layer_fn layer, int value);
ESCAPE_EXPORT int escape_inner(int value);

ESCAPE_EXPORT int escape_outer(escape_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

ESCAPE_EXPORT int escape_inner(int value)
{
    return value * 2;
}
