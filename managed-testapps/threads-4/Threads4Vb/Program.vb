' Scenario S32 (threads-4), VB: four managed threads, released together by a Barrier, each nest
' doc-table style at once:
'
'   worker -> threads_outer (C) -> LayerCallback.Invoke -> Layer -> threads_inner (C, waits there
'   until all four workers are inside it) -> every layer returns.
'
' Main itself makes no app call: it starts and joins the workers. Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.InteropServices
Imports System.Threading

Namespace Threads4

    ''' <summary>threads_outer calls this back: Threads4.LayerCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function LayerCallback(value As Integer) As Integer

    Friend Module Program

        Private Const Workers As Integer = 4
        Private Const FirstValue As Integer = 20

        <DllImport("threads4_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function threads_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("threads4_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function threads_inner(value As Integer, expected As Integer) As Integer
        End Function

        ' Held in a shared field: native code calls it while the workers run.
        Private ReadOnly s_layer As LayerCallback = AddressOf Layer
        Private ReadOnly s_layerPointer As IntPtr = Marshal.GetFunctionPointerForDelegate(s_layer)
        Private ReadOnly s_start As New Barrier(Workers)
        Private ReadOnly s_results(Workers - 1) As Integer

        Private Function Layer(value As Integer) As Integer
            Return threads_inner(value, Workers)
        End Function

        Private Sub Worker(state As Object)
            Dim index = CInt(state)
            s_start.SignalAndWait()
            s_results(index) = threads_outer(s_layerPointer, FirstValue + index)
        End Sub

        Function Main() As Integer
            Dim threads(Workers - 1) As Thread
            For i = 0 To Workers - 1
                threads(i) = New Thread(AddressOf Worker) With {.Name = "worker-" & i.ToString(CultureInfo.InvariantCulture)}
            Next
            For i = 0 To Workers - 1
                threads(i).Start(i)
            Next
            For Each started In threads
                started.Join()
            Next
            GC.KeepAlive(s_layer)

            Dim ok = True
            For i = 0 To Workers - 1
                ok = ok And s_results(i) = (FirstValue + i + 1) * 2 + 1 ' as in doc-table: 43, 45, 47, 49
            Next
            Console.WriteLine("threads-4: " & String.Join(" ", s_results.Select(Function(r) r.ToString(CultureInfo.InvariantCulture))))
            Return If(ok, 0, 3)
        End Function

    End Module

End Namespace
