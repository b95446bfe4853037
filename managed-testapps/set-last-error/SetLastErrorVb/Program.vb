' Scenario S12 (set-last-error), VB: Main P/Invokes a C function that sets errno to 42 and
' returns -1, through <DllImport(SetLastError:=True)>; Marshal.GetLastPInvokeError() must then be
' 42 (exit 3 if not): the host's EnterRuntime, which runs between the native return and the IL
' stub saving errno, must not change it (TM-LASTERROR). The C# variant has the same names.
Imports System.Runtime.InteropServices

Namespace SetLastError

    Module Program

        Private Const ExpectedError As Integer = 42 ' ENOMSG on Linux; any value the C function is told to set

        <DllImport("lasterror_native", CallingConvention:=CallingConvention.Cdecl, SetLastError:=True)>
        Private Function lasterror_fail(code As Integer) As Integer
        End Function

        ' The same function without SetLastError: nothing saves errno, so what managed code reads
        ' next (Marshal.GetLastSystemError, itself a P/Invoke) is errno as the transitions left it.
        ' A host's EnterRuntime that changes errno shows here unless the driver restores it.
        <DllImport("lasterror_native", EntryPoint:="lasterror_fail", CallingConvention:=CallingConvention.Cdecl)>
        Private Function lasterror_fail_plain(code As Integer) As Integer
        End Function

#If NETFRAMEWORK Then
        ' The .NET Framework has neither GetLastPInvokeError nor GetLastSystemError: the errno saved
        ' for a SetLastError P/Invoke is GetLastWin32Error, and errno as the transitions left it is
        ' read by a P/Invoke of the app's own (an app call on Mono, where GetLastSystemError is a
        ' framework one on CoreCLR: scenario.json's "drivers").
        <DllImport("lasterror_native", CallingConvention:=CallingConvention.Cdecl)>
        Private Function lasterror_peek() As Integer
        End Function

        Private Function LastPInvokeError() As Integer
            Return Marshal.GetLastWin32Error()
        End Function

        Private Function LastSystemError() As Integer
            Return lasterror_peek()
        End Function
#Else
        Private Function LastPInvokeError() As Integer
            Return Marshal.GetLastPInvokeError()
        End Function

        Private Function LastSystemError() As Integer
            Return Marshal.GetLastSystemError()
        End Function
#End If

        Function Main() As Integer
            Dim result As Integer = lasterror_fail(ExpectedError)
            Dim [error] As Integer = LastPInvokeError()
            Dim plain As Integer = lasterror_fail_plain(ExpectedError + 1)
            Dim system As Integer = LastSystemError()
            Console.WriteLine("set-last-error: " & [error].ToString(Globalization.CultureInfo.InvariantCulture) &
                              " " & system.ToString(Globalization.CultureInfo.InvariantCulture))
            Return If(result = -1 AndAlso [error] = ExpectedError AndAlso plain = -1 AndAlso system = ExpectedError + 1, 0, 3)
        End Function

    End Module

End Namespace
