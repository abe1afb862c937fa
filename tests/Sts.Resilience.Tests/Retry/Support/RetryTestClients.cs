using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.DynamoDBv2.Model.Internal.MarshallTransformations;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Model.Internal.MarshallTransformations;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;

namespace Sts.Resilience.Tests.Retry.Support;

// The SDK's customizer registry is process-wide. These subclasses are the only client types the tests register the
// retry for, so no other test in this assembly (which builds plain AmazonSecurityTokenServiceClient and friends)
// ever gets the handler by accident.

/// <summary>An STS client that also exposes the synchronous pipeline, which v4 keeps internal on .NET 8+.</summary>
internal sealed class RetryStsClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config)
    : AmazonSecurityTokenServiceClient(credentials, config)
{
    public GetCallerIdentityResponse GetCallerIdentitySync(GetCallerIdentityRequest request) => Invoke<GetCallerIdentityResponse>(
        request,
        new InvokeOptions
        {
            RequestMarshaller = GetCallerIdentityRequestMarshaller.Instance,
            ResponseUnmarshaller = GetCallerIdentityResponseUnmarshaller.Instance,
        });

    public IReadOnlyList<IPipelineHandler> Handlers => RuntimePipeline.Handlers;
}

internal sealed class RetryS3Client(AWSCredentials credentials, AmazonS3Config config) : AmazonS3Client(credentials, config)
{
    public ListBucketsResponse ListBucketsSync(ListBucketsRequest request) => Invoke<ListBucketsResponse>(
        request,
        new InvokeOptions { RequestMarshaller = ListBucketsRequestMarshaller.Instance, ResponseUnmarshaller = ListBucketsResponseUnmarshaller.Instance });

    public PutObjectResponse PutObjectSync(PutObjectRequest request) => Invoke<PutObjectResponse>(
        request,
        new InvokeOptions { RequestMarshaller = PutObjectRequestMarshaller.Instance, ResponseUnmarshaller = PutObjectResponseUnmarshaller.Instance });
}

internal sealed class RetryDynamoDBClient(AWSCredentials credentials, AmazonDynamoDBConfig config) : AmazonDynamoDBClient(credentials, config)
{
    public ListTablesResponse ListTablesSync(ListTablesRequest request) => Invoke<ListTablesResponse>(
        request,
        new InvokeOptions { RequestMarshaller = ListTablesRequestMarshaller.Instance, ResponseUnmarshaller = ListTablesResponseUnmarshaller.Instance });
}

/// <summary>A client type outside the registered scope.</summary>
internal sealed class UnregisteredStsClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config)
    : AmazonSecurityTokenServiceClient(credentials, config)
{
    public IReadOnlyList<IPipelineHandler> Handlers => RuntimePipeline.Handlers;
}

internal static class RetryTestRegistration
{
    public static readonly CapturingLoggerFactory Logs = new();

    private static readonly Lazy<bool> Registered = new(() =>
    {
        ExpiredTokenRetry.RegisterFor([typeof(RetryStsClient), typeof(RetryS3Client), typeof(RetryDynamoDBClient)], Logs);
        return true;
    });

    public static void EnsureRegistered() => _ = Registered.Value;
}
