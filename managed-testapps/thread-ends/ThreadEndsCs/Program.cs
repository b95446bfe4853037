// The thread-ends app (not a scenario): what `trace` and `check` must take in their stride.
//
//   blocked            a background thread blocked in block_forever (C) when Main returns, and a
//                      thread that makes a P/Invoke and ends before it: exit 0
//   exit-in-callback   three plain_native calls, then call_back (C) whose callback calls
//                      Environment.Exit(3): the process ends inside the callback
//   delegates          plain_native through Action, ThreadStart and
//                      GetDelegateForFunctionPointer<Action>, and call_action (C) calling an Action
using System.Runtime.InteropServices;

namespace ThreadEnds;

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int Callback();

static class Program
{
    [DllImport("threadends_native")]
    static extern int block_forever();

    [DllImport("threadends_native")]
    static extern int block_entered();

    [DllImport("threadends_native")]
    static extern int call_back(IntPtr callback);

    [DllImport("threadends_native")]
    static extern int plain_native();

    [DllImport("threadends_native")]
    static extern void call_action(IntPtr action);

    [DllImport("threadends_native")]
    static extern IntPtr plain_native_address();

    static int Blocked()
    {
        var ending = new Thread(() => plain_native());
        ending.Start();
        ending.Join();
        var blocked = new Thread(() => block_forever()) { IsBackground = true };
        blocked.Start();
        while (block_entered() == 0)
            Thread.Sleep(1);
        Console.WriteLine("thread-ends: blocked");
        return 0;
    }

    static readonly Callback s_exit = () =>
    {
        Console.WriteLine("thread-ends: exit in callback");
        Environment.Exit(3);
        return 0;
    };

    static int ExitInCallback()
    {
        for (var i = 0; i < 3; ++i)
            plain_native();
        call_back(Marshal.GetFunctionPointerForDelegate(s_exit));
        return 1; // not reached
    }

    static int Delegates()
    {
        var address = plain_native_address();
        Marshal.GetDelegateForFunctionPointer<Action>(address)();
        Marshal.GetDelegateForFunctionPointer<ThreadStart>(address)();
        Action action = Marshal.GetDelegateForFunctionPointer<Action>(address);
        action.Invoke();
        Action callback = () => plain_native();
        var pointer = Marshal.GetFunctionPointerForDelegate(callback);
        call_action(pointer);
        GC.KeepAlive(callback);
        Console.WriteLine("thread-ends: delegates");
        return 0;
    }

    static int Main(string[] args) => (args.Length > 0 ? args[0] : "") switch
    {
        "blocked" => Blocked(),
        "exit-in-callback" => ExitInCallback(),
        "delegates" => Delegates(),
        _ => 2,
    };
}
