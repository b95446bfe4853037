' Scenario S38 (stored-callback), VB:
'
'   Main -> store_callback (C keeps the pointer and returns)
'        -> GC.Collect() (the delegate survives: a shared field holds it)
'        -> fire(1) (C) -> FireCallback.Invoke -> Layer
'        -> fire(2) (C) -> FireCallback.Invoke -> Layer
'        -> clear_callback (C forgets it)
'
' The reverse calls come inside fire's brackets, none inside store_callback's.
' Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.InteropServices

Namespace StoredCallback

    ''' <summary>fire calls this back: StoredCallback.FireCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function FireCallback(value As Integer) As Integer

    Friend Module Program

        <DllImport("stored_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Sub store_callback(callback As IntPtr)
        End Sub

        <DllImport("stored_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function fire(value As Integer) As Integer
        End Function

        <DllImport("stored_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Sub clear_callback()
        End Sub

        ' Held in a shared field from store_callback to clear_callback: native code keeps its pointer.
        Private ReadOnly s_callback As FireCallback = AddressOf Layer
        Private s_calls As Integer

        Private Function Layer(value As Integer) As Integer
            s_calls += 1
            Return value * 10
        End Function

        Function Main() As Integer
            ' Main may run again in the same runtime (`faults` shares runtimes): counts start afresh.
            s_calls = 0
            store_callback(Marshal.GetFunctionPointerForDelegate(s_callback))
            GC.Collect()
            GC.WaitForPendingFinalizers()
            Dim first = fire(1)
            Dim second = fire(2)
            clear_callback()
            GC.KeepAlive(s_callback)
            Console.WriteLine("stored-callback: " & first.ToString(CultureInfo.InvariantCulture) & " " & second.ToString(CultureInfo.InvariantCulture))
            Return If(first = 11 AndAlso second = 21 AndAlso s_calls = 2, 0, 3)
        End Function

    End Module

End Namespace
