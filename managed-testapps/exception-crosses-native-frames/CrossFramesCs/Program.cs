// Scenario S39 (exception-crosses-native-frames), C#:
//
//   Main -> cross_outer (C) -> Outer -> cross_inner (C) -> Inner: cross_leaf (C); throw.
//
// The exception crosses two native frames, cross_inner's and cross_outer's, and is caught in
// Main: every bracket opened on the way in must be closed, innermost first, by the unwind. Mono
// does so; CoreCLR on Linux kills the process at the first native frame (S35 shows that death),
// so the scenario is not applicable there. The VB variant has the same namespace, type and
// method names.
using System.Globalization;
using System.Runtime.InteropServices;

namespace CrossFrames;

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
delegate int CrossCallback(int value);

static class Program
{
    [DllImport("cross_frames_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int cross_outer(IntPtr layer, int value);

    [DllImport("cross_frames_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int cross_inner(IntPtr layer, int value);

    [DllImport("cross_frames_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int cross_leaf(int value);

    // Held in static fields: native code calls them while Main's P/Invoke runs. The pointers are
    // taken before it, so nothing but the scenario's calls runs inside the callbacks.
    static readonly CrossCallback s_outer = Outer;
    static readonly CrossCallback s_inner = Inner;
    static readonly IntPtr s_outerPointer = Marshal.GetFunctionPointerForDelegate(s_outer);
    static readonly IntPtr s_innerPointer = Marshal.GetFunctionPointerForDelegate(s_inner);

    static int Outer(int value) => cross_inner(s_innerPointer, value);

    static int Inner(int value)
    {
        var leaf = cross_leaf(value);
        throw new InvalidOperationException(
            "crosses two native frames: " + leaf.ToString(CultureInfo.InvariantCulture));
    }

    static int Main()
    {
        try
        {
            var result = cross_outer(s_outerPointer, 20);
            Console.WriteLine($"exception-crosses-native-frames: returned {result.ToString(CultureInfo.InvariantCulture)}");
            return 3; // Inner cannot return normally
        }
        catch (InvalidOperationException error)
        {
            Console.WriteLine($"exception-crosses-native-frames: caught in Main: {error.Message}");
            return error.Message.EndsWith(" 44", StringComparison.Ordinal) ? 0 : 3; // (20 + 2) * 2
        }
        finally
        {
            GC.KeepAlive(s_outer);
            GC.KeepAlive(s_inner);
        }
    }
}
