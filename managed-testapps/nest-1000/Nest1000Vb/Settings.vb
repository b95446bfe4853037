' Scenario S31 (nest-1000): how many native layers the app nests.
Namespace Nest

    Friend Module Settings
        Public Const Depth As Integer = 1000
        Public Const Name As String = "nest-1000"
    End Module

End Namespace
