namespace Sts.Resilience.Analyzers;

/// <summary>Metadata names of the AWS SDK types the rules recognise; the analyzers never reference the SDK.</summary>
internal static class AwsTypeNames
{
    public const string AWSCredentials = "Amazon.Runtime.AWSCredentials";
    public const string SessionAWSCredentials = "Amazon.Runtime.SessionAWSCredentials";
    public const string ImmutableCredentials = "Amazon.Runtime.ImmutableCredentials";
}
