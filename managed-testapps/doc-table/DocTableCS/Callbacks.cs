// Scenario S01 (doc-table), the C# DLL: rows 2-5 of the seed page's table.
// first_unmanaged (C) calls SecondLayer (ReverseEnterRuntime), which P/Invokes second_unmanaged
// (LeaveRuntime), gets its result back (EnterRuntime) and returns to C (ReverseLeaveRuntime).
using System;
using System.Runtime.InteropServices;

namespace DocTable.CSharp;

/// <summary>The P/Invoke of the C# layer: DocTable.CSharp.Native.second_unmanaged.</summary>
internal static class Native
{
    [DllImport("doctable_native", CallingConvention = CallingConvention.Cdecl)]
    internal static extern int second_unmanaged(int value);
}

public static class Callbacks
{
#if NETFRAMEWORK
    // The .NET Framework has no UnmanagedCallersOnly: the same callback, through a delegate the
    // class keeps alive for the process (the native code may call it at any time).
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int Layer(int value);

    private static readonly Layer SecondLayerDelegate = SecondLayer;

    /// <summary>The reverse P/Invoke entry: DocTable.CSharp.Callbacks.SecondLayer.</summary>
    static int SecondLayer(int value) => Native.second_unmanaged(value);

    /// <summary>The native address of <see cref="SecondLayer"/>, for first_unmanaged.</summary>
    public static IntPtr SecondLayerPointer() =>
        Marshal.GetFunctionPointerForDelegate(SecondLayerDelegate);
#else
    /// <summary>The reverse P/Invoke entry: DocTable.CSharp.Callbacks.SecondLayer.</summary>
    [UnmanagedCallersOnly]
    static int SecondLayer(int value) => Native.second_unmanaged(value);

    /// <summary>The native address of <see cref="SecondLayer"/>, for first_unmanaged.</summary>
    public static unsafe IntPtr SecondLayerPointer() => (IntPtr)(delegate* unmanaged<int, int>)&SecondLayer;
#endif
}
