' Scenario S16 (reverse-delegate), VB: Main turns a delegate to Twice into a native pointer with
' Marshal.GetFunctionPointerForDelegate and P/Invokes reverse_apply (CallNeedsHostHook,
' LeaveRuntime), which calls it (ReverseEnterRuntime, ReverseLeaveRuntime) and returns
' (EnterRuntime). GC.KeepAlive keeps the delegate, and so its native pointer, alive until native
' code is done with it. The C# variant has the same namespace, type and method names.
Imports System.Runtime.InteropServices

Namespace ReverseDelegate

    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Delegate Function ManagedCallback(value As Integer) As Integer

    Module Program

        <DllImport("reverse_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function reverse_apply(callback As IntPtr, value As Integer) As Integer
        End Function

        Private Function Twice(value As Integer) As Integer
            Return value * 2
        End Function

        Function Main() As Integer
            Dim callback As ManagedCallback = AddressOf Twice
            Dim pointer As IntPtr = Marshal.GetFunctionPointerForDelegate(callback)
            Dim result As Integer = reverse_apply(pointer, 20)
            GC.KeepAlive(callback)
            Console.WriteLine("reverse-delegate: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = 42, 0, 3)
        End Function

    End Module

End Namespace
