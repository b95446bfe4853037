' Scenario S30 (nest-100): how many native layers the app nests.
Namespace Nest

    Friend Module Settings
        Public Const Depth As Integer = 100
        Public Const Name As String = "nest-100"
    End Module

End Namespace
