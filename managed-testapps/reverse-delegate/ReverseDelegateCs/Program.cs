// Scenario S16 (reverse-delegate), C#: Main turns a delegate to Twice into a native pointer with
// Marshal.GetFunctionPointerForDelegate and P/Invokes reverse_apply (CallNeedsHostHook,
// LeaveRuntime), which calls it (ReverseEnterRuntime, ReverseLeaveRuntime) and returns
// (EnterRuntime). GC.KeepAlive keeps the delegate, and so its native pointer, alive until native
// code is done with it. The VB variant has the same namespace, type and method names.
using System.Globalization;
using System.Runtime.InteropServices;

namespace ReverseDelegate;

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int ManagedCallback(int value);

static class Program
{
    [DllImport("reverse_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int reverse_apply(IntPtr callback, int value);

    static int Twice(int value) => value * 2;

    static int Main()
    {
        ManagedCallback callback = Twice;
        IntPtr pointer = Marshal.GetFunctionPointerForDelegate(callback);
        int result = reverse_apply(pointer, 20);
        GC.KeepAlive(callback);
        Console.WriteLine("reverse-delegate: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
