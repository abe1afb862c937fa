using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;

namespace Sts.Resilience.Testing;

/// <summary>
/// AWS SDK clients and configurations pointed at this server. The server does not use the SDK; only these helpers do.
/// </summary>
public sealed partial class LocalSts
{
    /// <summary>
    /// Creates an STS client configuration for this server: <c>ServiceURL</c> and <c>AuthenticationRegion</c> set,
    /// SDK defaults otherwise (including its retries). Change it before creating a client to tune retries or timeouts.
    /// </summary>
    /// <returns>A new configuration.</returns>
    public AmazonSecurityTokenServiceConfig CreateStsConfig() => new() { ServiceURL = ServiceUrl, AuthenticationRegion = Region };

    /// <summary>Creates an S3 client configuration for this server: <c>ServiceURL</c>, <c>AuthenticationRegion</c> and path-style addressing.</summary>
    /// <returns>A new configuration.</returns>
    public AmazonS3Config CreateS3Config() => new() { ServiceURL = ServiceUrl, AuthenticationRegion = Region, ForcePathStyle = true };

    /// <summary>Creates a DynamoDB client configuration for this server: <c>ServiceURL</c> and <c>AuthenticationRegion</c> set.</summary>
    /// <returns>A new configuration.</returns>
    public AmazonDynamoDBConfig CreateDynamoDbConfig() => new() { ServiceURL = ServiceUrl, AuthenticationRegion = Region };

    /// <summary>Creates an STS client for this server that signs with <paramref name="credentials"/>.</summary>
    /// <param name="credentials">The credentials, for example <see cref="LocalStsUser.Credentials"/>.</param>
    /// <returns>A new client; dispose it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="credentials"/> is <see langword="null"/>.</exception>
    public AmazonSecurityTokenServiceClient CreateStsClient(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new AmazonSecurityTokenServiceClient(credentials, CreateStsConfig());
    }

    /// <summary>Creates an S3 client for this server that signs with <paramref name="credentials"/>.</summary>
    /// <param name="credentials">The credentials.</param>
    /// <returns>A new client; dispose it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="credentials"/> is <see langword="null"/>.</exception>
    public AmazonS3Client CreateS3Client(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new AmazonS3Client(credentials, CreateS3Config());
    }

    /// <summary>Creates a DynamoDB client for this server that signs with <paramref name="credentials"/>.</summary>
    /// <param name="credentials">The credentials.</param>
    /// <returns>A new client; dispose it.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="credentials"/> is <see langword="null"/>.</exception>
    public AmazonDynamoDBClient CreateDynamoDbClient(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new AmazonDynamoDBClient(credentials, CreateDynamoDbConfig());
    }
}
