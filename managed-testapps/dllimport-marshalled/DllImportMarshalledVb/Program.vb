' Scenario S11 (dllimport-marshalled), VB: Main P/Invokes a C function whose parameters are not
' blittable (a String, and a Structure that holds a String), so the IL stub marshals both to
' UTF-8 before the call. The app's calls are still CallNeedsHostHook, LeaveRuntime, EnterRuntime
' of the P/Invoke method. The C# variant has the same namespace, type and method names.
Imports System.Runtime.InteropServices

Namespace DllImportMarshalled

    <StructLayout(LayoutKind.Sequential, CharSet:=CharSet.Ansi)>
    Structure MarshalledItem
        Public Name As String
        Public Weight As Integer
    End Structure

    Module Program

        <DllImport("marshalled_native", CallingConvention:=CallingConvention.Cdecl, CharSet:=CharSet.Ansi)>
        Private Function marshalled_measure(text As String, ByRef item As MarshalledItem) As Integer
        End Function

        Function Main() As Integer
            Dim item As New MarshalledItem With {.Name = "interop", .Weight = 30}
            Dim result As Integer = marshalled_measure("hello", item)
            Console.WriteLine("dllimport-marshalled: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = 42, 0, 3)
        End Function

    End Module

End Namespace
