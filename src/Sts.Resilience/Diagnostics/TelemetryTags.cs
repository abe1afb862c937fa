using Amazon.Runtime;

namespace Sts.Resilience.Diagnostics;

/// <summary>
/// The tag names of every metric and span of the package, in one place so metrics and spans use the same ones.
/// OpenTelemetry's semantic conventions where one exists (<c>error.type</c>, <c>rpc.*</c> for AWS SDK calls); the
/// <c>aws.*</c> namespace for AWS facts; <c>sts_resilience.*</c> for what is this library's own.
/// </summary>
internal static class TelemetryTags
{
    /// <summary>The role the credentials assume.</summary>
    public const string RoleArn = "aws.iam.role_arn";

    /// <summary>What happened: <c>success</c>/<c>failure</c>/<c>non_recoverable</c> for a refresh, <c>recovered</c>… for the retry.</summary>
    public const string Outcome = "sts_resilience.outcome";

    /// <summary>Why a refresh ran: <c>initial</c>, <c>advisory</c>, <c>background</c>….</summary>
    public const string Trigger = "sts_resilience.trigger";

    /// <summary>OpenTelemetry's <c>error.type</c>: the AWS error code, else the exception's full type name. Only on failures.</summary>
    public const string ErrorType = "error.type";

    /// <summary>OpenTelemetry's <c>rpc.system</c>; <see cref="AwsApi"/> for AWS SDK calls.</summary>
    public const string RpcSystem = "rpc.system";

    /// <summary>OpenTelemetry's <c>rpc.service</c>: the AWS service (<c>S3</c>, <c>DynamoDB</c>, <c>SecurityToken</c>…).</summary>
    public const string RpcService = "rpc.service";

    /// <summary>OpenTelemetry's <c>rpc.method</c>: the operation (<c>GetObject</c>…).</summary>
    public const string RpcMethod = "rpc.method";

    /// <summary>The <c>rpc.system</c> value OpenTelemetry gives AWS SDK calls.</summary>
    public const string AwsApi = "aws-api";

    /// <summary>The <c>error.type</c> value of a failure.</summary>
    public static string ErrorTypeOf(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: { Length: > 0 } code } ? code : exception.GetType().FullName ?? exception.GetType().Name;
}
