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

    static int Main()
    {
        int result = lasterror_fail(ExpectedError);
        int error = Marshal.GetLastPInvokeError();
        Console.WriteLine("set-last-error: " + error.ToString(CultureInfo.InvariantCulture));
        return result == -1 && error == ExpectedError ? 0 : 3;
    }
}
