// Scenario S15 (forward-delegate), C#: Main finds forward_double with NativeLibrary.Load/GetExport
// (runtime-internal calls, no P/Invoke of the app), wraps the pointer with
// Marshal.GetDelegateForFunctionPointer and invokes the delegate. CoreCLR reports the transition
// with the FunctionID of the delegate type's Invoke (ForwardDelegate.NativeDoubler.Invoke), which
// has no ImplMap: the bridge cannot know the target and its note says "delegate".
// The delegate type is the app's own: a framework type (Func<int, int>) would make the call site
// look like framework code. The VB variant has the same namespace, type and method names.
using System.Globalization;
using System.Runtime.InteropServices;

namespace ForwardDelegate;

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int NativeDoubler(int value);

static class Program
{
#if NETFRAMEWORK
    // The .NET Framework has no NativeLibrary: the address comes from the library itself, through
    // a P/Invoke (an app call).
    [DllImport("forward_native", CallingConvention = CallingConvention.Cdecl)]
    static extern IntPtr forward_address();
#endif

    static int Main()
    {
#if NETFRAMEWORK
        var doubler = Marshal.GetDelegateForFunctionPointer<NativeDoubler>(forward_address());
#else
        IntPtr library = NativeLibrary.Load("forward_native", typeof(Program).Assembly, null);
        var doubler = Marshal.GetDelegateForFunctionPointer<NativeDoubler>(
            NativeLibrary.GetExport(library, "forward_double"));
#endif
        int result = doubler(21);
        Console.WriteLine("forward-delegate: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
