using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

/// <summary>
/// The SDK's signer handler reads the credentials twice per signature (the session token, then the key and secret).
/// Credentials that change between the two reads — a refresh completing — make it send one session's token with
/// another session's key. With <see cref="ExpiredTokenRetry"/> installed the signature is made from one read.
/// Deterministic: the test credentials change at every read, whatever the timing.
/// </summary>
[Collection(RetryTestGroup.Name)]
#pragma warning disable CA1001 // xunit disposes the server through IAsyncLifetime.DisposeAsync.
public sealed class SnapshotSignerLocalStsTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private LocalSts _sts = null!;
    private ImmutableCredentials _sessionA = null!;
    private ImmutableCredentials _sessionB = null!;

    public SnapshotSignerLocalStsTests() => RetryTestRegistration.EnsureRegistered();

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync();
        var user = _sts.CreateUser("app");
        var role = _sts.CreateRole("app-role");
        using var sts = new AmazonSecurityTokenServiceClient(user.Credentials, _sts.CreateStsConfig());
        _sessionA = await AssumeAsync(sts, role, "session-a");
        _sessionB = await AssumeAsync(sts, role, "session-b");
        _sts.ClearRequests();
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetCallerIdentity_CredentialsChangeBetweenReads_SignsWithOneSession(bool sync)
    {
        var credentials = new AlternatingSessions(_sessionA, _sessionB);
        using var client = new RetryStsClient(credentials, _sts.CreateStsConfig());

        var response = sync
            ? client.GetCallerIdentitySync(new GetCallerIdentityRequest())
            : await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Contains("session-", response.Arn, StringComparison.Ordinal);
        AssertOneMatchingSession(LocalStsActions.GetCallerIdentity);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListBuckets_CredentialsChangeBetweenReads_SignsWithOneSession(bool sync)
    {
        var credentials = new AlternatingSessions(_sessionA, _sessionB);
        using var client = new RetryS3Client(credentials, _sts.CreateS3Config());

        _ = sync
            ? client.ListBucketsSync(new ListBucketsRequest())
            : await client.ListBucketsAsync(new ListBucketsRequest());

        AssertOneMatchingSession(LocalStsActions.ListBuckets);
    }

    /// <summary>The control: a client without the retry keeps the SDK's signer, and LocalSts rejects the mixed pair.</summary>
    [Fact]
    public async Task WithoutExpiredTokenRetry_SdkSignerMixesSessions_Rejected()
    {
        var credentials = new AlternatingSessions(_sessionA, _sessionB);
        using var client = new UnregisteredStsClient(credentials, _sts.CreateStsConfig());

        var exception = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", exception.ErrorCode);
    }

    private void AssertOneMatchingSession(string action)
    {
        var request = Assert.Single(_sts.Requests, r => r.Action == action);
        Assert.Equal(200, request.StatusCode);

        // LocalSts accepts a session token only with the key it was issued with, so a 200 means the pair matched;
        // the journal names which session signed.
        Assert.Contains(request.AccessKeyId, new[] { _sessionA.AccessKey, _sessionB.AccessKey });
    }

    private static async Task<ImmutableCredentials> AssumeAsync(AmazonSecurityTokenServiceClient sts, LocalStsRole role, string name)
    {
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = name });
        var c = response.Credentials;
        return new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    }
}
