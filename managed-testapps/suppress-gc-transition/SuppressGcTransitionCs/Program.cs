// Scenario S20 (suppress-gc-transition), C#: Main calls sgt_add through a [SuppressGCTransition]
// P/Invoke, then sgt_control through a plain one. The second is the control: it shows the bridge
// is attached and hooking, so whatever the first yields is what the runtime reports for
// SuppressGCTransition. scenario.json pins what CoreCLR 10 was seen to do.
using System.Globalization;
using System.Runtime.InteropServices;

namespace SuppressGcTransition;

static class Program
{
    [DllImport("sgt_native", CallingConvention = CallingConvention.Cdecl)]
    [SuppressGCTransition]
    static extern int sgt_add(int left, int right);

    [DllImport("sgt_native", CallingConvention = CallingConvention.Cdecl)]
    static extern int sgt_control(int value);

    static int Main()
    {
        int sum = sgt_add(20, 17);
        int control = sgt_control(5);
        int result = sum + control;
        Console.WriteLine("suppress-gc-transition: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
