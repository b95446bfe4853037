' Scenario S10 (dllimport-blittable), VB: Main P/Invokes one blittable C function
' (CallNeedsHostHook, LeaveRuntime, EnterRuntime) and prints the result. Nothing before the
' P/Invoke crosses into native code. The C# variant has the same namespace, type and method.
Imports System.Runtime.InteropServices

Namespace DllImportBlittable

    Module Program

        ' A plain blittable DllImport (not Declare: Declare implies SetLastError and Ansi strings).
        <DllImport("blittable_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function blittable_add(left As Integer, right As Integer) As Integer
        End Function

        Function Main() As Integer
            Dim result As Integer = blittable_add(20, 22)
            Console.WriteLine("dllimport-blittable: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = 42, 0, 3)
        End Function

    End Module

End Namespace
