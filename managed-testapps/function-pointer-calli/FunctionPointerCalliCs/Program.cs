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
    static unsafe int Main()
    {
        IntPtr library = NativeLibrary.Load("calli_native", typeof(Program).Assembly, null);
        var triple = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "calli_triple");
        int result = triple(14);
        Console.WriteLine("function-pointer-calli: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
