' Scenario S33 (native-threads), VB: Main P/Invokes start_threads, whose pthreads (created by C,
' never seen by the runtime) each call the managed callback twice; the callback P/Invokes
' thread_work on that native thread.
'
'   main:     start_threads (C) ............................................ joins, returns
'   pthread:  ThreadCallback.Invoke -> Worker -> thread_work (C)   (twice)
'
' Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.InteropServices

Namespace NativeThreads

    ''' <summary>The pthreads call this: NativeThreads.ThreadCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function ThreadCallback(index As Integer) As Integer

    Friend Module Program

        Private Const ThreadCount As Integer = 4
        Private Const CallsPerThread As Integer = 2 ' native_threads_native.c

        <DllImport("native_threads_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function start_threads(callback As IntPtr, count As Integer) As Integer
        End Function

        <DllImport("native_threads_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function thread_work(index As Integer) As Integer
        End Function

        ' Held in a shared field: the pthreads call it until start_threads returns.
        Private ReadOnly s_callback As ThreadCallback = AddressOf Worker

        Private Function Worker(index As Integer) As Integer
            Return thread_work(index) + 1
        End Function

        Function Main() As Integer
            Dim sum = start_threads(Marshal.GetFunctionPointerForDelegate(s_callback), ThreadCount)
            GC.KeepAlive(s_callback)
            Dim expected = 0
            For i = 0 To ThreadCount - 1
                expected += CallsPerThread * (i * 10 + 1)
            Next
            Console.WriteLine("native-threads: " & sum.ToString(CultureInfo.InvariantCulture))
            Return If(sum = expected, 0, 3) ' 2 * (1 + 11 + 21 + 31) = 128
        End Function

    End Module

End Namespace
