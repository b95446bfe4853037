// Scenario S02 (doc-table-from-host), the entry the host calls through a function pointer
// (scenario.json "host_entry"): DocTable.CSharp.HostEntry.Run, from the host's own native thread.
// Its ReverseEnterRuntime/ReverseLeaveRuntime wrap the seed page's six calls: Run hands the C#
// callback to the VB library, whose P/Invoke starts the table.
using System.Globalization;
using System.Runtime.InteropServices;

namespace DocTable.CSharp;

public static class HostEntry
{
    /// <summary>The host's entry: int Run(void). Returns 0, or 3 if the table computed wrongly.</summary>
    [UnmanagedCallersOnly]
    public static int Run()
    {
        var result = global::DocTable.Program.Run(Callbacks.SecondLayerPointer());
        Console.WriteLine("doc-table-from-host: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 43 ? 0 : 3; // (20 + 1) * 2 + 1
    }
}
