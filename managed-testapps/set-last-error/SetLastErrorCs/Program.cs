// Scenario S12 (set-last-error), C#: Main P/Invokes a C function that sets errno to 42 and
// returns -1, through [DllImport(SetLastError = true)]; Marshal.GetLastPInvokeError() must then be
// 42 (exit 3 if not): the host's EnterRuntime, which runs between the native return and the IL
// stub saving errno, must not change it (TM-LASTERROR). The VB variant has the same names.
using System.Globalization;
using System.Runtime.InteropServices;

namespace SetLastError;

static class Program
{
    const int ExpectedError = 42; // ENOMSG on Linux; any value the C function is told to set

    [DllImport("lasterror_native", CallingConvention = CallingConvention.Cdecl, SetLastError = true)]
    static extern int lasterror_fail(int code);

    // The same function without SetLastError: nothing saves errno, so what managed code reads
    // next (Marshal.GetLastSystemError, itself a P/Invoke) is errno as the transitions left it.
    // A host's EnterRuntime that changes errno shows here unless the driver restores it.
    [DllImport("lasterror_native", EntryPoint = "lasterror_fail",
               CallingConvention = CallingConvention.Cdecl)]
    static extern int lasterror_fail_plain(int code);

#if NETFRAMEWORK
    // The .NET Framework has neither GetLastPInvokeError nor GetLastSystemError: the errno saved
    // for a SetLastError P/Invoke is GetLastWin32Error, and errno as the transitions left it is
    // read by a P/Invoke of the app's own (an app call on Mono, where GetLastSystemError is a
    // framework one on CoreCLR: scenario.json's "drivers").
    [DllImport("lasterror_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int lasterror_peek();

    static int LastPInvokeError() => Marshal.GetLastWin32Error();
    static int LastSystemError() => lasterror_peek();
#else
    static int LastPInvokeError() => Marshal.GetLastPInvokeError();
    static int LastSystemError() => Marshal.GetLastSystemError();
#endif

    static int Main()
    {
        int result = lasterror_fail(ExpectedError);
        int error = LastPInvokeError();
        int plain = lasterror_fail_plain(ExpectedError + 1);
        int system = LastSystemError();
        Console.WriteLine("set-last-error: " + error.ToString(CultureInfo.InvariantCulture) + " " +
                          system.ToString(CultureInfo.InvariantCulture));
        return result == -1 && error == ExpectedError && plain == -1 && system == ExpectedError + 1
                   ? 0
                   : 3;
    }
}
