// The loop app of the transition benchmark (docs/PERFORMANCE.md). Not a conformance scenario.
//
//   BenchLoopsCs.dll [--calls N] [--threads T] [--reps R] [--mode both|pinvoke|reverse]
//
// T threads each run R repetitions of
//   pinvoke: N P/Invoke round trips to bench_noop (managed -> native -> managed)
//   reverse: one P/Invoke of bench_call_back, which calls the [UnmanagedCallersOnly] method
//            Callback N times (native -> managed -> native): N reverse round trips
// The .NET Framework build (net48, which the mono driver runs) has no [UnmanagedCallersOnly] and
// no function pointer types: there, Callback is reached through a delegate's function pointer
// (Marshal.GetFunctionPointerForDelegate), the .NET Framework's own way to be called back.
// all threads at once, each repetition between two barriers. A first, untimed loop warms up
// (JIT, the first-call binding, the bridge's call-site cache). It prints the median repetition's
// wall time per round trip (as each thread sees it: the phase's wall time / N) and CPU time per
// round trip (the process's CPU time over the phase / (N x T)), and what it called in all, so a
// reader of the trace can check that no call was lost:
//
//   bench-loops: threads=4 calls=1000000 reps=5 pinvoke_ns=41.20 reverse_ns=55.31 pinvoke_cpu_ns=... reverse_cpu_ns=...
//   bench-loops: made pinvoke=... reverse=... per_thread_pinvoke=... per_thread_reverse=...
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BenchLoops;

static unsafe class Program
{
    [DllImport("benchloops_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int bench_noop(int value);

#if NETFRAMEWORK
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int CallbackFunction(int value);

    [DllImport("benchloops_native", CallingConvention = CallingConvention.Cdecl)]
    static extern long bench_call_back(IntPtr callback, int count);

    static int Callback(int value) => value + 1;

    // Kept in a static field: native code holds its function pointer for the process's life.
    static readonly CallbackFunction CallbackDelegate = Callback;
    static readonly IntPtr CallbackPointer = Marshal.GetFunctionPointerForDelegate(CallbackDelegate);

    // The .NET Framework's JIT (and Mono's) compiles a method once, fully optimized.
    const MethodImplOptions Optimized = MethodImplOptions.NoInlining;

    [MethodImpl(Optimized)]
    static long ReverseLoop(int count) => bench_call_back(CallbackPointer, count);

    [DllImport("benchloops_native", CallingConvention = CallingConvention.Cdecl)]
    static extern long bench_process_cpu_ns();
#else
    [DllImport("benchloops_native", CallingConvention = CallingConvention.Cdecl)]
    static extern long bench_call_back(delegate* unmanaged[Cdecl]<int, int> callback, int count);

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    static int Callback(int value) => value + 1;

    // Fully optimized at once: the measurement does not wait for tiered compilation.
    const MethodImplOptions Optimized =
        MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining;

    [MethodImpl(Optimized)]
    static long ReverseLoop(int count) => bench_call_back(&Callback, count);
#endif

    [MethodImpl(Optimized)]
    static long PInvokeLoop(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; ++i)
            sum += bench_noop(i);
        return sum;
    }

    static long Expected(int count) => (long)count * (count + 1) / 2; // sum of i + 1, i < count

    static int Main(string[] args)
    {
        int calls = 1_000_000, threads = 1, reps = 5;
        string mode = "both";
        for (int i = 0; i + 1 < args.Length; i += 2) {
            switch (args[i]) {
            case "--calls": calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--reps": reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--mode": mode = args[i + 1]; break;
            default:
                Console.Error.WriteLine("bench-loops: unknown option " + args[i]);
                return 2;
            }
        }
        if (calls < 1 || threads < 1 || reps < 1 || (mode != "both" && mode != "pinvoke" && mode != "reverse")) {
            Console.Error.WriteLine("bench-loops: --calls, --threads and --reps must be positive, --mode both|pinvoke|reverse");
            return 2;
        }
        bool doPInvoke = mode != "reverse", doReverse = mode != "pinvoke";

        // Each repetition of each loop is a phase: every thread waits at the barrier, runs its
        // loop, waits again. Wall: from the first thread's start to the last one's end, per call
        // of a thread. CPU: the process's CPU time over the phase (thread 0 reads it outside the
        // barriers), per call made; it leaves out time the threads spent preempted, which on a
        // loaded machine is most of the noise.
        var kinds = new List<string>();
        if (doPInvoke) kinds.Add("pinvoke");
        if (doReverse) kinds.Add("reverse");
        var wallNs = new Dictionary<string, double[]>();
        var cpuNs = new Dictionary<string, double[]>();
        foreach (var kind in kinds) {
            wallNs[kind] = new double[reps];
            cpuNs[kind] = new double[reps];
        }
        var starts = new long[threads];
        var ends = new long[threads];
        var failures = 0;
        var barrier = new Barrier(threads);
        var process = Process.GetCurrentProcess();
        TimeSpan CpuNow()
        {
#if NETFRAMEWORK
            // Mono's TotalProcessorTime counts 10 ms clock ticks: the C library's clock instead.
            return TimeSpan.FromTicks(bench_process_cpu_ns() / 100);
#else
            process.Refresh();
            return process.TotalProcessorTime;
#endif
        }
        var workers = new Thread[threads];
        for (int t = 0; t < threads; ++t) {
            int index = t;
            workers[t] = new Thread(() => {
                // Warm-up: JIT, the first-call binding of the P/Invoke, the bridge's site cache.
                int warm = Math.Min(calls, 10_000);
                if (doPInvoke && PInvokeLoop(warm) != Expected(warm)) Interlocked.Increment(ref failures);
                if (doReverse && ReverseLoop(warm) != Expected(warm)) Interlocked.Increment(ref failures);
                for (int r = 0; r < reps; ++r) {
                    foreach (var kind in kinds) {
                        TimeSpan cpuBefore = index == 0 ? CpuNow() : TimeSpan.Zero;
                        barrier.SignalAndWait();
                        starts[index] = Stopwatch.GetTimestamp();
                        long sum = kind == "pinvoke" ? PInvokeLoop(calls) : ReverseLoop(calls);
                        ends[index] = Stopwatch.GetTimestamp();
                        if (sum != Expected(calls)) Interlocked.Increment(ref failures);
                        barrier.SignalAndWait();
                        if (index == 0) {
                            var cpu = CpuNow() - cpuBefore;
                            long wall = ends.Max() - starts.Min();
                            wallNs[kind][r] = wall * 1e9 / Stopwatch.Frequency / calls;
                            cpuNs[kind][r] = cpu.Ticks * 100.0 / ((double)calls * threads);
                        }
                    }
                }
            }) { Name = "bench-" + t.ToString(CultureInfo.InvariantCulture) };
        }
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();

        static double Median(double[] values)
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        double Figure(Dictionary<string, double[]> figures, string kind) =>
            figures.TryGetValue(kind, out var values) ? Median(values) : double.NaN;

        var inv = CultureInfo.InvariantCulture;
        long warmCalls = Math.Min(calls, 10_000);
        long perThreadPInvoke = doPInvoke ? warmCalls + (long)calls * reps : 0;
        long perThreadReverse = doReverse ? warmCalls + (long)calls * reps : 0;
        Console.WriteLine(string.Format(inv,
            "bench-loops: threads={0} calls={1} reps={2} pinvoke_ns={3:F2} reverse_ns={4:F2} pinvoke_cpu_ns={5:F2} reverse_cpu_ns={6:F2}",
            threads, calls, reps, Figure(wallNs, "pinvoke"), Figure(wallNs, "reverse"),
            Figure(cpuNs, "pinvoke"), Figure(cpuNs, "reverse")));
        // Calls made in all (warm-up included); reverse: plus one bench_call_back P/Invoke per loop.
        Console.WriteLine(string.Format(inv,
            "bench-loops: made pinvoke={0} reverse={1} per_thread_pinvoke={2} per_thread_reverse={3} reverse_loops={4}",
            perThreadPInvoke * threads, perThreadReverse * threads, perThreadPInvoke, perThreadReverse,
            doReverse ? (1L + reps) * threads : 0));
        if (failures != 0) {
            Console.Error.WriteLine("bench-loops: a loop returned a wrong sum");
            return 3;
        }
        return 0;
    }
}
