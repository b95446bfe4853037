// Scenario S02 (doc-table-from-host), the C# layer of the seed page's table (rows 2-5), as in S01:
// first_unmanaged (C) calls SecondLayer (ReverseEnterRuntime), which P/Invokes second_unmanaged
// (LeaveRuntime), gets its result back (EnterRuntime) and returns to C (ReverseLeaveRuntime).
using System.Runtime.InteropServices;

namespace DocTable.CSharp;

/// <summary>The P/Invoke of the C# layer: DocTable.CSharp.Native.second_unmanaged.</summary>
internal static class Native
{
    [DllImport("doctable_host_native", CallingConvention = CallingConvention.Cdecl)]
    internal static extern int second_unmanaged(int value);
}

public static class Callbacks
{
    /// <summary>The reverse P/Invoke entry: DocTable.CSharp.Callbacks.SecondLayer.</summary>
    [UnmanagedCallersOnly]
    static int SecondLayer(int value) => Native.second_unmanaged(value);

    /// <summary>The native address of <see cref="SecondLayer"/>, for first_unmanaged.</summary>
    public static unsafe IntPtr SecondLayerPointer() => (IntPtr)(delegate* unmanaged<int, int>)&SecondLayer;
}
