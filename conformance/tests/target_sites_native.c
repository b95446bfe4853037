/* The app's native library of the target sites tests: two exported functions the tests give
 * the layer by address, as the .NET Framework's LeaveRuntime gives a P/Invoke's target. */
#include <clrhost/host_plugin.h>

CLRHOST_PLUGIN_EXPORT int f(int value)
{
    return value + 1;
}

CLRHOST_PLUGIN_EXPORT int g(int value)
{
    return value * 2;
}
