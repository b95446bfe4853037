' Scenario S35 (exception-escapes-callback), VB, a death test:
'
'   Main -> escape_outer (C) -> EscapingCallback.Invoke -> Layer: escape_inner (C); Throw.
'
' The exception escapes the reverse P/Invoke into escape_outer's native frame. Main is written
' as if it could catch it there (as the .NET Framework on Windows lets it); on Linux CoreCLR kills
' the process instead, and the Catch block, and the line it prints, never run.
Imports System.Globalization
Imports System.Runtime.InteropServices

Namespace ExceptionEscapes

    ''' <summary>escape_outer calls this back: ExceptionEscapes.EscapingCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function EscapingCallback(value As Integer) As Integer

    Friend Module Program

        <DllImport("exception_escapes_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function escape_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("exception_escapes_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function escape_inner(value As Integer) As Integer
        End Function

        ' Held in a shared field: native code calls it while escape_outer runs.
        Private ReadOnly s_layer As EscapingCallback = AddressOf Layer

        Private Function Layer(value As Integer) As Integer
            Dim inner = escape_inner(value)
            Throw New InvalidOperationException("escapes the callback: " & inner.ToString(CultureInfo.InvariantCulture))
        End Function

        Function Main() As Integer
            Try
                Dim result = escape_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20)
                Console.WriteLine("exception-escapes-callback: returned " & result.ToString(CultureInfo.InvariantCulture))
                Return 3 ' the callback cannot return normally
            Catch ex As InvalidOperationException
                Console.WriteLine("exception-escapes-callback: caught in Main: " & ex.Message)
                Return 0
            Finally
                GC.KeepAlive(s_layer)
            End Try
        End Function

    End Module

End Namespace
