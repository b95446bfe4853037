' Scenarios S30 (nest-100) and S31 (nest-1000), VB: alternating managed and native layers,
' Settings.Depth of them (Settings.vb; nest-1000 compiles this file with its own Settings.vb).
'
'   Main -> nest_recurse(D) -> LayerCallback.Invoke(D-1) -> Layer -> nest_recurse(D-1) -> ...
'        -> Layer(0) -> nest_recurse(0) returns 0 -> every layer returns, adding 1.
'
' The same names as the C# variant: the reverse calls name Nest.LayerCallback.Invoke. The nest
' runs on a thread of its own with a 16 MB stack, independent of the main thread's limit.
Imports System.Globalization
Imports System.Runtime.InteropServices
Imports System.Threading

Namespace Nest

    ''' <summary>The native side calls this back: Nest.LayerCallback.Invoke in the trace.</summary>
    <UnmanagedFunctionPointer(CallingConvention.Cdecl)>
    Friend Delegate Function LayerCallback(depth As Integer) As Integer

    Friend Module Program

        Private Const StackSize As Integer = 16 * 1024 * 1024

        ' The one P/Invoke: Nest.Program.nest_recurse, blittable (the callback is an IntPtr).
        <DllImport("nest_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function nest_recurse(depth As Integer, layer As IntPtr) As Integer
        End Function

        ' Held in a shared field: native code calls it while the nest runs.
        Private ReadOnly s_layer As LayerCallback = AddressOf Layer
        Private ReadOnly s_layerPointer As IntPtr = Marshal.GetFunctionPointerForDelegate(s_layer)
        Private s_result As Integer = -1

        Private Function Layer(depth As Integer) As Integer
            Return nest_recurse(depth, s_layerPointer)
        End Function

        Private Sub Run()
            s_result = nest_recurse(Settings.Depth, s_layerPointer)
        End Sub

        Function Main() As Integer
            Dim nest As New Thread(AddressOf Run, StackSize) With {.Name = Settings.Name}
            nest.Start()
            nest.Join()
            GC.KeepAlive(s_layer)
            Console.WriteLine(Settings.Name & ": " & s_result.ToString(CultureInfo.InvariantCulture))
            Return If(s_result = Settings.Depth, 0, 3)
        End Function

    End Module

End Namespace
