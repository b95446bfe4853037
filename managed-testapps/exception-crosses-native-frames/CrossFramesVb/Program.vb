' Scenario S39 (exception-crosses-native-frames), VB:
'
'   Main -> cross_outer (C) -> Outer -> cross_inner (C) -> Inner: cross_leaf (C); Throw.
'
' The exception crosses two native frames, cross_inner's and cross_outer's, and is caught in
' Main: every bracket opened on the way in must be closed, innermost first, by the unwind. Mono
' does so; CoreCLR on Linux kills the process at the first native frame (S35 shows that death),
' so the scenario is not applicable there. The C# variant has the same namespace, type and
' method names.
Imports System.Globalization
Imports System.Runtime.InteropServices

Namespace CrossFrames

    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function CrossCallback(value As Integer) As Integer

    Friend Module Program

        <DllImport("cross_frames_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function cross_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("cross_frames_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function cross_inner(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("cross_frames_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function cross_leaf(value As Integer) As Integer
        End Function

        ' Held in shared fields: native code calls them while Main's P/Invoke runs. The pointers
        ' are taken before it, so nothing but the scenario's calls runs inside the callbacks.
        Private ReadOnly s_outer As CrossCallback = AddressOf Outer
        Private ReadOnly s_inner As CrossCallback = AddressOf Inner
        Private ReadOnly s_outerPointer As IntPtr = Marshal.GetFunctionPointerForDelegate(s_outer)
        Private ReadOnly s_innerPointer As IntPtr = Marshal.GetFunctionPointerForDelegate(s_inner)

        Private Function Outer(value As Integer) As Integer
            Return cross_inner(s_innerPointer, value)
        End Function

        Private Function Inner(value As Integer) As Integer
            Dim leaf = cross_leaf(value)
            Throw New InvalidOperationException("crosses two native frames: " & leaf.ToString(CultureInfo.InvariantCulture))
        End Function

        Function Main() As Integer
            Try
                Dim result = cross_outer(s_outerPointer, 20)
                Console.WriteLine("exception-crosses-native-frames: returned " & result.ToString(CultureInfo.InvariantCulture))
                Return 3 ' Inner cannot return normally
            Catch ex As InvalidOperationException
                Console.WriteLine("exception-crosses-native-frames: caught in Main: " & ex.Message)
                Return If(ex.Message.EndsWith(" 44", StringComparison.Ordinal), 0, 3) ' (20 + 2) * 2
            Finally
                GC.KeepAlive(s_outer)
                GC.KeepAlive(s_inner)
            End Try
        End Function

    End Module

End Namespace
