/* Native half of scenarios S30 "nest-100" and S31 "nest-1000" (deep alternating nesting).
 *
 *   Main --P/Invoke--> nest_recurse(n) --callback--> Layer(n-1) --P/Invoke--> nest_recurse(n-1)
 *        --callback--> ... --> Layer(0) --P/Invoke--> nest_recurse(0), which returns at once.
 *
 * nest_recurse(n, layer) returns layer(n - 1) + 1 (0 for n = 0) and Layer(k) returns
 * nest_recurse(k, layer), so nest_recurse(n) is n. The "+ 1" keeps the callback from becoming a
 * tail call (every layer returns through this frame). The frame is a few dozen bytes: 1000 layers
 * cost the native side well under a page per layer. No globals, no state. */

#if defined(__has_attribute)
#if __has_attribute(noipa)
#define NEST_NOFOLD __attribute__((noipa))
#endif
#endif
#ifndef NEST_NOFOLD
#define NEST_NOFOLD
#endif
#define NEST_EXPORT __attribute__((visibility("default"), noinline, used)) NEST_NOFOLD

typedef int (*nest_layer_fn)(int depth);

NEST_EXPORT int nest_recurse(int depth, nest_layer_fn layer);

/* One native layer: LeaveRuntime/EnterRuntime bracket this call, ReverseEnterRuntime/
 * ReverseLeaveRuntime the callback it makes (none for depth 0). */
NEST_EXPORT int nest_recurse(int depth, nest_layer_fn layer)
{
    if (depth <= 0)
        return 0;
    int inner = layer(depth - 1);
    return inner + 1;
}
