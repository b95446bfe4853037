// Scenario S14 (function-pointer-calli), C# only (VB has no function pointer types): Main finds
// calli_triple with NativeLibrary.Load/GetExport (runtime-internal calls, no P/Invoke of the app)
// and calls it through a `delegate* unmanaged<int, int>`, which compiles to IL calli. CoreCLR
// reports that transition with FunctionID 0: no method, so the bridge cannot know the target and
// its note says "calli".
using System.Globalization;
using System.Runtime.InteropServices;

namespace FunctionPointerCalli;

static class Program
{
#if NETFRAMEWORK
    // The .NET Framework has no NativeLibrary: the address comes from the library itself, through
    // a P/Invoke (an app call), and the pointer names its convention (a bare `unmanaged` needs
    // runtime support the .NET Framework lacks).
    [DllImport("calli_native", CallingConvention = CallingConvention.Cdecl)]
    static extern IntPtr calli_address();
#endif

    static unsafe int Main()
    {
#if NETFRAMEWORK
        var triple = (delegate* unmanaged[Cdecl]<int, int>)calli_address();
#else
        IntPtr library = NativeLibrary.Load("calli_native", typeof(Program).Assembly, null);
        var triple = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "calli_triple");
#endif
        int result = triple(14);
        Console.WriteLine("function-pointer-calli: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
