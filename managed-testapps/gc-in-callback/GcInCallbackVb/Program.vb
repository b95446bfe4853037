' Scenario S36 (gc-in-callback), VB:
'
'   main thread:      Main -> gc_outer (C) -> CollectingCallback.Invoke -> Layer:
'                       drop a Finalizable; GC.Collect(); GC.WaitForPendingFinalizers();
'                       gc_inner (C); return -> return to Main.
'   finalizer thread: Finalizable.Finalize -> gc_finalized (C)   (a plain P/Invoke: the runtime
'                     calls finalizers from its own thread, no reverse P/Invoke)
'
' The GC walks the main thread's stack while it is inside a callback under a native frame.
' Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.CompilerServices
Imports System.Runtime.InteropServices
Imports System.Threading

Namespace GcInCallback

    ''' <summary>gc_outer calls this back: GcInCallback.CollectingCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function CollectingCallback(value As Integer) As Integer

    ''' <summary>An object of the app's own whose finalizer P/Invokes: GcInCallback.Finalizable.</summary>
    Friend NotInheritable Class Finalizable
        Private ReadOnly _id As Integer

        Public Sub New(id As Integer)
            _id = id
        End Sub

        Protected Overrides Sub Finalize()
            Volatile.Write(Program.Finalized, Program.gc_finalized(_id))
        End Sub
    End Class

    Friend Module Program

        <DllImport("gc_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function gc_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("gc_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function gc_inner(value As Integer) As Integer
        End Function

        <DllImport("gc_callback_native", CallingConvention:=CallingConvention.Cdecl)>
        Friend Function gc_finalized(id As Integer) As Integer
        End Function

        ' Held in a shared field: native code calls it while gc_outer runs (and the GC runs).
        Private ReadOnly s_layer As CollectingCallback = AddressOf Layer
        Friend Finalized As Integer

        ' Not inlined: the object is unreachable once this returns.
        <MethodImpl(MethodImplOptions.NoInlining)>
        Private Sub DropFinalizable()
            Dim dropped As New Finalizable(1)
        End Sub

        Private Function Layer(value As Integer) As Integer
            DropFinalizable()
            GC.Collect()
            GC.WaitForPendingFinalizers()
            Return gc_inner(value)
        End Function

        Function Main() As Integer
            ' Main may run again in the same runtime (`faults` shares runtimes), and the native
            ' count of finalized objects goes on: this run's is what it adds.
            Dim before = Volatile.Read(Finalized)
            Dim result = gc_outer(Marshal.GetFunctionPointerForDelegate(s_layer), 20)
            GC.KeepAlive(s_layer)
            Dim finalizedCount = Volatile.Read(Finalized) - before
            Console.WriteLine("gc-in-callback: " & result.ToString(CultureInfo.InvariantCulture) & ", finalized " & finalizedCount.ToString(CultureInfo.InvariantCulture))
            Return If(result = 43 AndAlso finalizedCount = 1, 0, 3) ' (20 + 1) * 2 + 1
        End Function

    End Module

End Namespace
