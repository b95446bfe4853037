// Scenario S37 (async-callbacks), C#:
//
//   main thread:   Main -> RunAsync: async_before_await (C); queue a work item; Task.Run;
//                  await Task.Yield() (the rest runs on the pool); Main blocks on RunAsync's task
//   pool thread 1: the QueueUserWorkItem item:    Nest
//   pool thread 2: the Task.Run task:              Nest
//   pool thread 3: RunAsync after Task.Yield():    Nest
//   Nest:          async_outer (C) -> PoolCallback.Invoke -> Layer -> async_inner (C, waits until
//                  all three nests are inside it, so they are on three different threads)
//
// Which pool thread runs which nest is up to the pool; the three sequences are the same.
// Same names as the VB variant.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AsyncCallbacks;

/// <summary>async_outer calls this back: AsyncCallbacks.PoolCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int PoolCallback(int value);

static class Program
{
    const int Nests = 3;

    [DllImport("async_callbacks_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int async_before_await(int value);

    [DllImport("async_callbacks_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int async_outer(IntPtr layer, int value);

    [DllImport("async_callbacks_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int async_inner(int value, int expected);

    // Held in a static field: native code calls it from the pool threads.
    static readonly PoolCallback s_layer = Layer;
    static readonly IntPtr s_layerPointer = Marshal.GetFunctionPointerForDelegate(s_layer);

    static int Layer(int value) => async_inner(value, Nests);

    // Not inlined: CoreCLR 10 reports no transition for a P/Invoke inside a method the JIT inlined
    // into optimized code (a lambda or MoveNext at tier 1, or with TieredCompilation off), so the
    // P/Invoke must stay in a method of its own for the bridge to see it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Nest(int value) => async_outer(s_layerPointer, value);

    static async Task<int[]> RunAsync()
    {
        var first = async_before_await(20);
        var workItem = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.QueueUserWorkItem(_ => workItem.SetResult(Nest(first)));
        var task = Task.Run(() => Nest(first + 1));
        await Task.Yield();
        var afterAwait = Nest(first + 2);
        return [await workItem.Task, await task, afterAwait];
    }

    static int Main()
    {
        // Three nests block at once: let the pool start three threads without its usual delay.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Nests + 1), completionPorts);
        var results = RunAsync().GetAwaiter().GetResult();
        GC.KeepAlive(s_layer);
        Console.WriteLine("async-callbacks: " + string.Join(" ", results.Select(r => r.ToString(CultureInfo.InvariantCulture))));
        // SequenceEqual, not a list pattern: that needs System.Index, which the .NET Framework lacks.
        return results.SequenceEqual(new[] { 43, 45, 47 }) ? 0 : 3; // as in doc-table: (20 + 1) * 2 + 1, ...
    }
}
