// Scenario S32 (threads-4), C#: four managed threads, released together by a Barrier, each nest
// doc-table style at once:
//
//   worker -> threads_outer (C) -> LayerCallback.Invoke -> Layer -> threads_inner (C, waits there
//   until all four workers are inside it) -> every layer returns.
//
// Main itself makes no app call: it starts and joins the workers. Same names as the VB variant.
using System.Globalization;
using System.Runtime.InteropServices;

namespace Threads4;

/// <summary>threads_outer calls this back: Threads4.LayerCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int LayerCallback(int value);

static class Program
{
    const int Workers = 4;
    const int FirstValue = 20;

    [DllImport("threads4_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int threads_outer(IntPtr layer, int value);

    [DllImport("threads4_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int threads_inner(int value, int expected);

    // Held in a static field: native code calls it while the workers run.
    static readonly LayerCallback s_layer = Layer;
    static readonly IntPtr s_layerPointer = Marshal.GetFunctionPointerForDelegate(s_layer);
    static readonly Barrier s_start = new(Workers);
    static readonly int[] s_results = new int[Workers];

    static int Layer(int value) => threads_inner(value, Workers);

    static void Worker(object? state)
    {
        var index = (int)state!;
        s_start.SignalAndWait();
        s_results[index] = threads_outer(s_layerPointer, FirstValue + index);
    }

    static int Main()
    {
        var workers = new Thread[Workers];
        for (var i = 0; i < Workers; ++i)
            workers[i] = new Thread(Worker) { Name = $"worker-{i}" };
        for (var i = 0; i < Workers; ++i)
            workers[i].Start(i);
        foreach (var worker in workers)
            worker.Join();
        GC.KeepAlive(s_layer);

        var ok = true;
        for (var i = 0; i < Workers; ++i)
            ok &= s_results[i] == (FirstValue + i + 1) * 2 + 1; // as in doc-table: 43, 45, 47, 49
        Console.WriteLine("threads-4: " + string.Join(" ", s_results.Select(r => r.ToString(CultureInfo.InvariantCulture))));
        return ok ? 0 : 3;
    }
}
