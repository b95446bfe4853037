' Scenario S15 (forward-delegate), VB: Main finds forward_double with NativeLibrary.Load/GetExport
' (runtime-internal calls, no P/Invoke of the app), wraps the pointer with
' Marshal.GetDelegateForFunctionPointer and invokes the delegate. CoreCLR reports the transition
' with the FunctionID of the delegate type's Invoke (ForwardDelegate.NativeDoubler.Invoke), which
' has no ImplMap: the bridge cannot know the target and its note says "delegate".
' The C# variant has the same namespace, type and method names.
Imports System.Runtime.InteropServices

Namespace ForwardDelegate

    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Delegate Function NativeDoubler(value As Integer) As Integer

    Module Program

#If NETFRAMEWORK Then
        ' The .NET Framework has no NativeLibrary: the address comes from the library itself,
        ' through a P/Invoke (an app call).
        <DllImport("forward_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function forward_address() As IntPtr
        End Function
#End If

        Function Main() As Integer
#If NETFRAMEWORK Then
            Dim doubler = Marshal.GetDelegateForFunctionPointer(Of NativeDoubler)(forward_address())
#Else
            Dim library As IntPtr = NativeLibrary.Load("forward_native", GetType(Program).Assembly, Nothing)
            Dim doubler = Marshal.GetDelegateForFunctionPointer(Of NativeDoubler)(
                NativeLibrary.GetExport(library, "forward_double"))
#End If
            Dim result As Integer = doubler(21)
            Console.WriteLine("forward-delegate: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = 42, 0, 3)
        End Function

    End Module

End Namespace
