' Scenario S37 (async-callbacks), VB:
'
'   main thread:   Main -> RunAsync: async_before_await (C); queue a work item; Task.Run;
'                  Await Task.Yield() (the rest runs on the pool); Main blocks on RunAsync's task
'   pool thread 1: the QueueUserWorkItem item:    Nest
'   pool thread 2: the Task.Run task:              Nest
'   pool thread 3: RunAsync after Task.Yield():    Nest
'   Nest:          async_outer (C) -> PoolCallback.Invoke -> Layer -> async_inner (C, waits until
'                  all three nests are inside it, so they are on three different threads)
'
' Which pool thread runs which nest is up to the pool; the three sequences are the same.
' Same names as the C# variant.
Imports System.Globalization
Imports System.Runtime.CompilerServices
Imports System.Runtime.InteropServices
Imports System.Threading

Namespace AsyncCallbacks

    ''' <summary>async_outer calls this back: AsyncCallbacks.PoolCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function PoolCallback(value As Integer) As Integer

    Friend Module Program

        Private Const Nests As Integer = 3

        <DllImport("async_callbacks_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function async_before_await(value As Integer) As Integer
        End Function

        <DllImport("async_callbacks_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function async_outer(layer As IntPtr, value As Integer) As Integer
        End Function

        <DllImport("async_callbacks_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function async_inner(value As Integer, expected As Integer) As Integer
        End Function

        ' Held in a shared field: native code calls it from the pool threads.
        Private ReadOnly s_layer As PoolCallback = AddressOf Layer
        Private ReadOnly s_layerPointer As IntPtr = Marshal.GetFunctionPointerForDelegate(s_layer)

        Private Function Layer(value As Integer) As Integer
            Return async_inner(value, Nests)
        End Function

        ' Not inlined: CoreCLR 10 reports no transition for a P/Invoke inside a method the JIT inlined
        ' into optimized code (a lambda or MoveNext at tier 1, or with TieredCompilation off), so the
        ' P/Invoke must stay in a method of its own for the bridge to see it.
        <MethodImpl(MethodImplOptions.NoInlining)>
        Private Function Nest(value As Integer) As Integer
            Return async_outer(s_layerPointer, value)
        End Function

        Private Async Function RunAsync() As Task(Of Integer())
            Dim first = async_before_await(20)
            Dim workItem As New TaskCompletionSource(Of Integer)(TaskCreationOptions.RunContinuationsAsynchronously)
            ThreadPool.QueueUserWorkItem(Sub(state) workItem.SetResult(Nest(first)))
            Dim runTask = Task.Run(Function() Nest(first + 1))
            Await Task.Yield()
            Dim afterAwait = Nest(first + 2)
            Return {Await workItem.Task, Await runTask, afterAwait}
        End Function

        Function Main() As Integer
            ' Three nests block at once: let the pool start three threads without its usual delay.
            Dim workers, completionPorts As Integer
            ThreadPool.GetMinThreads(workers, completionPorts)
            ThreadPool.SetMinThreads(Math.Max(workers, Nests + 1), completionPorts)
            Dim results = RunAsync().GetAwaiter().GetResult()
            GC.KeepAlive(s_layer)
            Console.WriteLine("async-callbacks: " & String.Join(" ", results.Select(Function(r) r.ToString(CultureInfo.InvariantCulture))))
            ' as in doc-table: (20 + 1) * 2 + 1, ...
            Return If(results.SequenceEqual({43, 45, 47}), 0, 3)
        End Function

    End Module

End Namespace
