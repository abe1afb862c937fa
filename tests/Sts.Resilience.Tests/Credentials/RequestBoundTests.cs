using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// Issue 13, defect 12: one refresh is a bounded number of HTTP requests, even when STS keeps resetting the connection
/// mid-response (which the AWS SDK resends whatever its retry settings say).
/// </summary>
public sealed class RequestBoundTests(ITestOutputHelper output)
{
    /// <param name="synchronous">
    /// <see langword="true"/> for a synchronous caller, whose refresh goes through the SDK's synchronous pipeline
    /// (<c>HttpMessageHandler.Send</c>) on the .NET 8+ build: the budget counts those sends too.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FirstFetch_StsResetsEveryConnection_OneRefreshIsAtMostThreeRequests(bool synchronous)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time });
        var user = sts.CreateUser("app");
        var role = sts.CreateRole("app-role");
        sts.Faults.FailNext(LocalStsActions.AssumeRole, 1000, LocalStsFault.ConnectionReset);
        await using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
        {
            RoleArn = role.Arn,
            RoleSessionName = "bounded",
            ServiceUrl = sts.ServiceUrl,
            Region = sts.Region,
            SourceCredentials = user.Credentials,
            BackgroundRefresh = false,
        }, timeProvider: time);

        if (synchronous)
        {
            Assert.Throws<AmazonClientException>(() => credentials.GetCredentials());
        }
        else
        {
            await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync());
        }

        var requests = sts.Counters.Count(LocalStsActions.AssumeRole);
        output.WriteLine($"one {(synchronous ? "synchronous" : "asynchronous")} refresh sent {requests} AssumeRole requests");
        Assert.InRange(requests, 1, 3);
    }
}
