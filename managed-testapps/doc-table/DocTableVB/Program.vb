' Scenario S01 (doc-table), the VB executable: rows 1 and 6 of the seed page's table.
' Main P/Invokes first_unmanaged (LeaveRuntime), which calls the C# DLL and then returns here
' (EnterRuntime). Nothing in Main crosses into native code before that P/Invoke: the one line of
' output is written after it.
Imports System.Runtime.InteropServices

Namespace DocTable

    Module Program

        ' A plain blittable DllImport (not Declare: Declare implies SetLastError and Ansi strings).
        ' The managed method is DocTable.Program.first_unmanaged, its target first_unmanaged in
        ' libdoctable_native.so next to this assembly.
        <DllImport("doctable_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function first_unmanaged(callback As IntPtr, value As Integer) As Integer
        End Function

        Function Main() As Integer
            Dim callback As IntPtr = Global.DocTable.CSharp.Callbacks.SecondLayerPointer()
            Dim result As Integer = first_unmanaged(callback, 20)
            Console.WriteLine("doc-table: " & result.ToString(Globalization.CultureInfo.InvariantCulture))
            ' (20 + 1) * 2 + 1
            Return If(result = 43, 0, 3)
        End Function

    End Module

End Namespace
