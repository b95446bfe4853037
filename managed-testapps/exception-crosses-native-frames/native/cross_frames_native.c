/* Native half of scenario S39 "exception-crosses-native-frames".
 *
 *   Main -> cross_outer (C) -> Outer -> cross_inner (C) -> Inner: cross_leaf (C), then throws.
 *
 * The managed exception Inner throws leaves it towards cross_inner's frame and must cross both
 * native frames, cross_inner's and cross_outer's, to reach Main's catch. Neither "+ 1" after a
 * callback runs then. Mono unwinds through the frames; CoreCLR on Linux kills the process at the
 * first one. cross_outer(cb, v) and cross_inner(cb, v) return cb(v + 1) + 1; cross_leaf(v)
 * returns v * 2. No globals, no state. */

#if defined(__has_attribute)
#if __has_attribute(noipa)
/* GCC: no inlining, cloning or interprocedural folding of the body into callers. */
#define CROSS_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef CROSS_NOFOLD
#define CROSS_NOFOLD
#endif
#define CROSS_EXPORT __attribute__((visibility("default"), noinline, used)) CROSS_NOFOLD

typedef int (*cross_layer_fn)(int value);

CROSS_EXPORT int cross_outer(cross_layer_fn layer, int value);
CROSS_EXPORT int cross_inner(cross_layer_fn layer, int value);
CROSS_EXPORT int cross_leaf(int value);

/* The first native frame the exception crosses (the outermost). */
CROSS_EXPORT int cross_outer(cross_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

/* The second native frame, the first one the exception reaches. */
CROSS_EXPORT int cross_inner(cross_layer_fn layer, int value)
{
    int result = layer(value + 1);
    return result + 1;
}

CROSS_EXPORT int cross_leaf(int value)
{
    return value * 2;
}
