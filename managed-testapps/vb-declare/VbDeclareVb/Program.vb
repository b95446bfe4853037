' Scenario S18 (vb-declare), VB only: Main calls a C function through a `Declare` statement with an
' Alias, so the managed method (VbDeclare.Program.MeasureText) and the native symbol
' (vbdeclare_measure) differ. Declare implies CharSet.Ansi (the String is marshalled, as UTF-8 on
' Linux) and SetLastError:=True: Main checks both (the length of the text, and the errno of 42 the
' C function leaves behind); exit 3 if either is wrong.
Imports System.Runtime.InteropServices

Namespace VbDeclare

    Module Program

        Private Declare Ansi Function MeasureText Lib "vbdeclare_native" Alias "vbdeclare_measure" (<MarshalAs(UnmanagedType.LPStr)> ByVal text As String) As Integer

        Function Main() As Integer
            Dim length As Integer = MeasureText("vb-declare")
#If NETFRAMEWORK Then
            ' The .NET Framework's name for the errno saved after a SetLastError P/Invoke.
            Dim [error] As Integer = Marshal.GetLastWin32Error()
#Else
            Dim [error] As Integer = Marshal.GetLastPInvokeError()
#End If
            Console.WriteLine("vb-declare: " & length.ToString(Globalization.CultureInfo.InvariantCulture) &
                              " " & [error].ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(length = 10 AndAlso [error] = 42, 0, 3)
        End Function

    End Module

End Namespace
