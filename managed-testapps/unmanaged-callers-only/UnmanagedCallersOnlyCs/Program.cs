// Scenario S17 (unmanaged-callers-only), C# only (VB has no [UnmanagedCallersOnly] and no function
// pointers): Main takes the address of the [UnmanagedCallersOnly] method Twice and P/Invokes
// ucallers_apply (CallNeedsHostHook, LeaveRuntime), which calls Twice (ReverseEnterRuntime,
// ReverseLeaveRuntime: CoreCLR names Twice itself) and returns (EnterRuntime). A static method
// needs nothing kept alive.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UnmanagedCallersOnlyScenario;

static unsafe class Program
{
    [DllImport("ucallers_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int ucallers_apply(delegate* unmanaged[Cdecl]<int, int> callback, int value);

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    static int Twice(int value) => value * 2;

    static int Main()
    {
        int result = ucallers_apply(&Twice, 20);
        Console.WriteLine("unmanaged-callers-only: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
