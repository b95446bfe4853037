// Scenario S35 (exception-escapes-callback), C#, a death test:
//
//   Main -> escape_outer (C) -> EscapingCallback.Invoke -> Layer: escape_inner (C); throw.
//
// The exception escapes the reverse P/Invoke into escape_outer's native frame. Main is written
// as if it could catch it there (as the .NET Framework on Windows lets it); on Linux CoreCLR kills
// the process instead, and the catch block, and the line it prints, never run.
using System.Globalization;
using System.Runtime.InteropServices;

namespace ExceptionEscapes;

/// <summary>escape_outer calls this back: ExceptionEscapes.EscapingCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int EscapingCallback(int value);

static class Program
{
    [DllImport("exception_escapes_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int escape_outer(IntPtr layer, int value);

    [DllImport("exception_escapes_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int escape_inner(int value);

    // Held in a static field: native code calls it while escape_outer runs.
    static readonly EscapingCallback s_layer = Layer;

    static int Layer(int value)
    {
        var inner = escape_inner(value);
        throw new InvalidOperationException(
            "escapes the callback: " + inner.ToString(CultureInfo.InvariantCulture));
    }

    static int Main()
    {
        try
        {
            var result = escape_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20);
            Console.WriteLine($"exception-escapes-callback: returned {result.ToString(CultureInfo.InvariantCulture)}");
            return 3; // the callback cannot return normally
        }
        catch (InvalidOperationException error)
        {
            Console.WriteLine($"exception-escapes-callback: caught in Main: {error.Message}");
            return 0;
        }
        finally
        {
            GC.KeepAlive(s_layer);
        }
    }
}
