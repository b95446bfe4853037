' Scenario S02 (doc-table-from-host), the VB library: rows 1 and 6 of the seed page's table.
' Run P/Invokes first_unmanaged (LeaveRuntime), which calls the C# callback it was given and then
' returns here (EnterRuntime). The same names as S01's VB program: DocTable.Program.first_unmanaged.
Imports System.Runtime.CompilerServices
Imports System.Runtime.InteropServices

Namespace DocTable

    Public Module Program

        ' A plain blittable DllImport (not Declare: Declare implies SetLastError and Ansi strings).
        <DllImport("doctable_host_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function first_unmanaged(callback As IntPtr, value As Integer) As Integer
        End Function

        ' Deliberately inlinable: HostEntry.Run is [UnmanagedCallersOnly], which CoreCLR compiles fully
        ' optimized at once. Inlined there, this P/Invoke would go unreported unless the driver turns
        ' inlining off (it does: COR_PRF_DISABLE_INLINING). This scenario is the regression test.
        ''' <summary>Starts the table with the C# callback's native address; returns its result.</summary>
        Public Function Run(callback As IntPtr) As Integer
            Return first_unmanaged(callback, 20)
        End Function

    End Module

End Namespace
