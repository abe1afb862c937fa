namespace Sts.Resilience.Analyzers.Tests.Verifiers;

/// <summary>Random strings with the shapes of AWS secrets. None of them is, or was, a real credential.</summary>
internal static class FakeSecrets
{
    public const string SessionToken = "IQoJb3JpZ2luX2VjDVWqyfkrFAZd6+6X/yZl+DcI08WoHmiXWnhREl/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKmeknUt+tiycrRXpMSPUa";
    public const string OlderSessionToken = "FwoGZXIvYXdzE/AhewwR34pkzC/8tWpn5q4l8YU6Cgzg5onBacU3lzDPXzaLLkPZCLk1VPMTLnz+VWNALYXTU2z+kIui/I1oJLJIJ0FUFF6FDzV/n";
    public const string SecretKey = "oXkv2frcyHlm76KlqTiOekrUjDeOCLTPioS3uuGX";
    public const string TemporaryKeyId = "ASIAJ3EGOFSLVMGDDLKU";
    public const string LongTermKeyId = "AKIAJ3EGOFSLVMGDDLKU";

    /// <summary>The documentation example values AWS publishes; never a leak.</summary>
    public const string DocsKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string DocsSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string DocsSessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
}
