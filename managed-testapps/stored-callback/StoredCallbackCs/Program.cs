// Scenario S38 (stored-callback), C#:
//
//   Main -> store_callback (C keeps the pointer and returns)
//        -> GC.Collect() (the delegate survives: a static field holds it)
//        -> fire(1) (C) -> FireCallback.Invoke -> Layer
//        -> fire(2) (C) -> FireCallback.Invoke -> Layer
//        -> clear_callback (C forgets it)
//
// The reverse calls come inside fire's brackets, none inside store_callback's.
// Same names as the VB variant.
using System.Globalization;
using System.Runtime.InteropServices;

namespace StoredCallback;

/// <summary>fire calls this back: StoredCallback.FireCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int FireCallback(int value);

static class Program
{
    [DllImport("stored_callback_native", CallingConvention = CallingConvention.Cdecl)]
    static extern void store_callback(IntPtr callback);

    [DllImport("stored_callback_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int fire(int value);

    [DllImport("stored_callback_native", CallingConvention = CallingConvention.Cdecl)]
    static extern void clear_callback();

    // Held in a static field from store_callback to clear_callback: native code keeps its pointer.
    static readonly FireCallback s_callback = Layer;
    static int s_calls;

    static int Layer(int value)
    {
        ++s_calls;
        return value * 10;
    }

    static int Main()
    {
        // Main may run again in the same runtime (`faults` shares runtimes): counts start afresh.
        s_calls = 0;
        store_callback(Marshal.GetFunctionPointerForDelegate(s_callback));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var first = fire(1);
        var second = fire(2);
        clear_callback();
        GC.KeepAlive(s_callback);
        Console.WriteLine($"stored-callback: {first.ToString(CultureInfo.InvariantCulture)} {second.ToString(CultureInfo.InvariantCulture)}");
        return first == 11 && second == 21 && s_calls == 2 ? 0 : 3;
    }
}
