namespace Sts.Resilience.Testing;

/// <summary>
/// The services LocalSts serves, by the name in <see cref="LocalStsRequest.Service"/>: the keys of
/// the <c>service</c> of <see cref="LocalStsFaults.StartOutage(TimeSpan, LocalStsFault, string)"/>.
/// </summary>
public static class LocalStsServices
{
    /// <summary>STS (query protocol), including the unsigned <c>AssumeRoleWithWebIdentity</c>.</summary>
    public const string Sts = "sts";

    /// <summary>S3 (REST-XML).</summary>
    public const string S3 = "s3";

    /// <summary>DynamoDB (JSON 1.0).</summary>
    public const string DynamoDb = "dynamodb";

    /// <summary>The container credentials endpoint (ECS task roles, EKS Pod Identity).</summary>
    public const string ContainerCredentials = "container-credentials";

    /// <summary>The EC2 instance metadata service (IMDS).</summary>
    public const string InstanceMetadata = "imds";
}
