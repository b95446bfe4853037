// Scenario S36 (gc-in-callback), C#:
//
//   main thread:      Main -> gc_outer (C) -> CollectingCallback.Invoke -> Layer:
//                       drop a Finalizable; GC.Collect(); GC.WaitForPendingFinalizers();
//                       gc_inner (C); return -> return to Main.
//   finalizer thread: Finalizable.Finalize -> gc_finalized (C)   (a plain P/Invoke: the runtime
//                     calls finalizers from its own thread, no reverse P/Invoke)
//
// The GC walks the main thread's stack while it is inside a callback under a native frame.
// Same names as the VB variant.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GcInCallback;

/// <summary>gc_outer calls this back: GcInCallback.CollectingCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int CollectingCallback(int value);

/// <summary>An object of the app's own whose finalizer P/Invokes: GcInCallback.Finalizable.</summary>
sealed class Finalizable
{
    readonly int _id;

    public Finalizable(int id) => _id = id;

    ~Finalizable() => Program.Finalized = Program.gc_finalized(_id);
}

static class Program
{
    [DllImport("gc_callback_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int gc_outer(IntPtr layer, int value);

    [DllImport("gc_callback_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int gc_inner(int value);

    [DllImport("gc_callback_native", CallingConvention = CallingConvention.Cdecl)]
    internal static extern int gc_finalized(int id);

    // Held in a static field: native code calls it while gc_outer runs (and the GC runs).
    static readonly CollectingCallback s_layer = Layer;
    internal static volatile int Finalized;

    // Not inlined: the object is unreachable once this returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void DropFinalizable() => _ = new Finalizable(1);

    static int Layer(int value)
    {
        DropFinalizable();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return gc_inner(value);
    }

    static int Main()
    {
        // Main may run again in the same runtime (`faults` shares runtimes), and the native count
        // of finalized objects goes on: this run's is what it adds.
        var before = Finalized;
        var result = gc_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20);
        GC.KeepAlive(s_layer);
        var finalized = Finalized - before;
        Console.WriteLine($"gc-in-callback: {result.ToString(CultureInfo.InvariantCulture)}, finalized {finalized.ToString(CultureInfo.InvariantCulture)}");
        return result == 43 && finalized == 1 ? 0 : 3; // (20 + 1) * 2 + 1
    }
}
