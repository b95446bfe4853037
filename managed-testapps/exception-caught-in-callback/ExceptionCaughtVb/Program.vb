' Scenario S34 (exception-caught-in-callback), VB:
'
'   Main -> caught_outer (C) -> ThrowingCallback.Invoke -> Layer:
'             caught_inner (C); throw (two managed frames deep) and catch inside Layer;
'             caught_inner (C) from the Catch block; return to C -> return to Main.
'
' The exception never leaves the callback, so every bracket closes. Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.CompilerServices
Imports System.Runtime.InteropServices

Namespace ExceptionCaught

    ''' <summary>caught_outer calls this back: ExceptionCaught.ThrowingCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function ThrowingCallback(value As Integer) As Integer

    Friend Module Program

        <DllImport("exception_caught_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function caught_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("exception_caught_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function caught_inner(value As Integer) As Integer
        End Function

        ' Held in a shared field: native code calls it while caught_outer runs.
        Private ReadOnly s_layer As ThrowingCallback = AddressOf Layer
        Private s_caught As Integer

        <MethodImpl(MethodImplOptions.NoInlining)>
        Private Sub Fail(value As Integer)
            Throw New InvalidOperationException("thrown and caught inside the callback: " & value.ToString(CultureInfo.InvariantCulture))
        End Sub

        Private Function Layer(value As Integer) As Integer
            Dim before = caught_inner(value)
            Try
                Fail(before)
                Return -1 ' not reached
            Catch ex As InvalidOperationException
                s_caught += 1
                Return caught_inner(value) + before ' 42 + 42
            End Try
        End Function

        Function Main() As Integer
            ' Main may run again in the same runtime (`faults` shares runtimes): counts start afresh.
            s_caught = 0
            Dim result = caught_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20)
            GC.KeepAlive(s_layer)
            Console.WriteLine("exception-caught-in-callback: " & result.ToString(CultureInfo.InvariantCulture))
            Return If(result = 85 AndAlso s_caught = 1, 0, 3) ' (20 + 1) * 2 * 2 + 1
        End Function

    End Module

End Namespace
