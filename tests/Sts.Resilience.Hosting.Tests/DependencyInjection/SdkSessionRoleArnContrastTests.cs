using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>
/// What AddRefreshingRoleCredentials replaces: AWSSDK.Extensions.NETCore.Setup's own <c>SessionRoleArn</c> path builds an
/// <c>AssumeRoleAWSCredentials</c> for every client, so every client assumes the role itself.
/// </summary>
[Collection(DependencyInjectionTestGroup.Name)]
public sealed class SdkSessionRoleArnContrastTests
{
    [Fact]
    public async Task SdkSessionRoleArn_ThreeAwsServiceClients_AssumeTheRoleThreeTimes()
    {
        await using var fx = await DiFixture.StartAsync();

        // AssumeRoleAWSCredentials builds its own STS client, which no AWSOptions setting reaches: point every STS client
        // that has no ServiceURL of its own at LocalSts for the length of this test (the collection runs alone).
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS");
        var region = Environment.GetEnvironmentVariable("AWS_REGION");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", fx.Sts.ServiceUrl);
        Environment.SetEnvironmentVariable("AWS_REGION", fx.Sts.Region);
        try
        {
            var builder = fx.CreateBuilder(new());
            var options = new AWSOptions { Credentials = fx.User.Credentials, SessionRoleArn = fx.Role.Arn, SessionName = "sdk" };
            options.DefaultClientConfig.ServiceURL = fx.Sts.ServiceUrl;
            options.DefaultClientConfig.AuthenticationRegion = fx.Sts.Region;
            builder.Services.AddDefaultAWSOptions(options);
            builder.Services.AddAWSService<IAmazonS3>();
            builder.Services.AddAWSService<IAmazonDynamoDB>();
            builder.Services.AddAWSService<IAmazonSecurityTokenService>();
            using var host = builder.Build();

            await host.Services.GetRequiredService<IAmazonS3>().ListBucketsAsync();
            await host.Services.GetRequiredService<IAmazonDynamoDB>().ListTablesAsync(new ListTablesRequest());
            var identity = await host.Services.GetRequiredService<IAmazonSecurityTokenService>().GetCallerIdentityAsync(new GetCallerIdentityRequest());

            Assert.EndsWith(":assumed-role/app-role/sdk", identity.Arn, StringComparison.Ordinal);
            Assert.Equal(3, fx.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", endpoint);
            Environment.SetEnvironmentVariable("AWS_REGION", region);
        }
    }
}
