// Scenario S33 (native-threads), C#: Main P/Invokes start_threads, whose pthreads (created by C,
// never seen by the runtime) each call the managed callback twice; the callback P/Invokes
// thread_work on that native thread.
//
//   main:     start_threads (C) ............................................ joins, returns
//   pthread:  ThreadCallback.Invoke -> Worker -> thread_work (C)   (twice)
//
// Same names as the VB variant.
using System.Globalization;
using System.Runtime.InteropServices;

namespace NativeThreads;

/// <summary>The pthreads call this: NativeThreads.ThreadCallback.Invoke in the trace.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int ThreadCallback(int index);

static class Program
{
    const int ThreadCount = 4;
    const int CallsPerThread = 2; // native_threads_native.c

    [DllImport("native_threads_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int start_threads(IntPtr callback, int count);

    [DllImport("native_threads_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int thread_work(int index);

    // Held in a static field: the pthreads call it until start_threads returns.
    static readonly ThreadCallback s_callback = Worker;

    static int Worker(int index) => thread_work(index) + 1;

    static int Main()
    {
        var sum = start_threads(Marshal.GetFunctionPointerForDelegate(s_callback), ThreadCount);
        GC.KeepAlive(s_callback);
        var expected = 0;
        for (var i = 0; i < ThreadCount; ++i)
            expected += CallsPerThread * (i * 10 + 1);
        Console.WriteLine($"native-threads: {sum.ToString(CultureInfo.InvariantCulture)}");
        return sum == expected ? 0 : 3; // 2 * (1 + 11 + 21 + 31) = 128
    }
}
