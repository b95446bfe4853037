// Scenario S34 (exception-caught-in-callback), C#:
//
//   Main -> caught_outer (C) -> ThrowingCallback.Invoke -> Layer:
//             caught_inner (C); throw (two managed frames deep) and catch inside Layer;
//             caught_inner (C) from the catch block; return to C -> return to Main.
//
// The exception never leaves the callback, so every bracket closes. Same names as the VB variant.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExceptionCaught;

/// <summary>caught_outer calls this back: ExceptionCaught.ThrowingCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int ThrowingCallback(int value);

static class Program
{
    [DllImport("exception_caught_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int caught_outer(IntPtr layer, int value);

    [DllImport("exception_caught_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int caught_inner(int value);

    // Held in a static field: native code calls it while caught_outer runs.
    static readonly ThrowingCallback s_layer = Layer;
    static int s_caught;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Fail(int value) => throw new InvalidOperationException(
        "thrown and caught inside the callback: " + value.ToString(CultureInfo.InvariantCulture));

    static int Layer(int value)
    {
        var before = caught_inner(value);
        try
        {
            Fail(before);
            return -1; // not reached
        }
        catch (InvalidOperationException)
        {
            ++s_caught;
            return caught_inner(value) + before; // 42 + 42
        }
    }

    static int Main()
    {
        // Main may run again in the same runtime (`faults` shares runtimes): counts start afresh.
        s_caught = 0;
        var result = caught_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20);
        GC.KeepAlive(s_layer);
        Console.WriteLine($"exception-caught-in-callback: {result.ToString(CultureInfo.InvariantCulture)}");
        return result == 85 && s_caught == 1 ? 0 : 3; // (20 + 1) * 2 * 2 + 1
    }
}
