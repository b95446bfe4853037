' Scenario S19 (vb-addressof), VB only: Main makes a delegate with AddressOf Twice and passes it
' to a Declare Function whose parameter has the delegate type; the P/Invoke stub marshals it to a
' native function pointer (CallNeedsHostHook, LeaveRuntime), the C function calls it
' (ReverseEnterRuntime, ReverseLeaveRuntime) and returns (EnterRuntime). The delegate is held in
' a local and kept alive past the call with GC.KeepAlive.
Imports System.Runtime.InteropServices

Namespace VbAddressOf

    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Delegate Function Transform(value As Integer) As Integer

    Module Program

        Private Declare Function vbaddressof_apply Lib "vbaddressof_native" (ByVal callback As Transform, ByVal value As Integer) As Integer

        Private Function Twice(value As Integer) As Integer
            Return value * 2
        End Function

        Function Main() As Integer
            Dim callback As Transform = AddressOf Twice
            Dim result As Integer = vbaddressof_apply(callback, 20)
            GC.KeepAlive(callback)
            Console.WriteLine("vb-addressof: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = 42, 0, 3)
        End Function

    End Module

End Namespace
