// Scenario S11 (dllimport-marshalled), C#: Main P/Invokes a C function whose parameters are not
// blittable (a string, and a struct that holds a string), so the IL stub marshals both to UTF-8
// before the call. The app's calls are still CallNeedsHostHook, LeaveRuntime, EnterRuntime of the
// P/Invoke method; what the stub does to marshal (framework code) is left out of the comparison.
// The VB variant has the same namespace, type and method names.
using System.Globalization;
using System.Runtime.InteropServices;

namespace DllImportMarshalled;

[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Ansi)]
struct MarshalledItem
{
    public string Name;
    public int Weight;
}

static class Program
{
    [DllImport("marshalled_native", CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi)]
    static extern int marshalled_measure(string text, ref MarshalledItem item);

    static int Main()
    {
        var item = new MarshalledItem { Name = "interop", Weight = 30 };
        int result = marshalled_measure("hello", ref item);
        Console.WriteLine("dllimport-marshalled: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
