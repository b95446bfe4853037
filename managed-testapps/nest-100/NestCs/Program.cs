// Scenarios S30 (nest-100) and S31 (nest-1000), C#: alternating managed and native layers,
// Settings.Depth of them (Settings.cs; nest-1000 compiles this file with its own Settings.cs).
//
//   Main -> nest_recurse(D) -> LayerCallback.Invoke(D-1) -> Layer -> nest_recurse(D-1) -> ...
//        -> Layer(0) -> nest_recurse(0) returns 0 -> every layer returns, adding 1.
//
// The callback is a delegate (as in the VB variant, which has nothing else), so the reverse
// calls name Nest.LayerCallback.Invoke in both languages. The nest runs on a thread of its own
// with a 16 MB stack: 1000 layers must not depend on the main thread's stack limit (ulimit -s).
using System.Globalization;
using System.Runtime.InteropServices;

namespace Nest;

/// <summary>The native side calls this back: Nest.LayerCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int LayerCallback(int depth);

static class Program
{
    const int StackSize = 16 * 1024 * 1024;

    /// <summary>The one P/Invoke: Nest.Program.nest_recurse, blittable (the callback is an IntPtr).</summary>
    [DllImport("nest_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int nest_recurse(int depth, IntPtr layer);

    // Held in a static field: native code calls it while the nest runs.
    static readonly LayerCallback s_layer = Layer;
    static readonly IntPtr s_layerPointer = Marshal.GetFunctionPointerForDelegate(s_layer);
    static int s_result = -1;

    static int Layer(int depth) => nest_recurse(depth, s_layerPointer);

    static void Run() => s_result = nest_recurse(Settings.Depth, s_layerPointer);

    static int Main()
    {
        var nest = new Thread(Run, StackSize) { Name = Settings.Name };
        nest.Start();
        nest.Join();
        GC.KeepAlive(s_layer);
        Console.WriteLine($"{Settings.Name}: {s_result.ToString(CultureInfo.InvariantCulture)}");
        return s_result == Settings.Depth ? 0 : 3;
    }
}
