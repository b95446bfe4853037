// Scenario S10 (dllimport-blittable), C#: Main P/Invokes one blittable C function
// (CallNeedsHostHook, LeaveRuntime, EnterRuntime) and prints the result. Nothing before the
// P/Invoke crosses into native code. The VB variant has the same namespace, type and method.
using System.Globalization;
using System.Runtime.InteropServices;

namespace DllImportBlittable;

static class Program
{
    // Blittable: int in, int out; the runtime calls it without marshalling.
    [DllImport("blittable_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int blittable_add(int left, int right);

    static int Main()
    {
        int result = blittable_add(20, 22);
        Console.WriteLine("dllimport-blittable: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
