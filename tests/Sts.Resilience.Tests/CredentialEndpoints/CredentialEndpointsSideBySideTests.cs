using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.CredentialEndpoints;

/// <summary>
/// The AWS SDK's own container and instance-profile providers and ours, configured by the same standard environment
/// variables, get their sessions from the same LocalSts endpoints; and <see cref="ExpiredTokenRetry"/> replaces a revoked
/// session of either of ours through <see cref="RefreshingCredentials.Invalidate"/>. The process environment is shared,
/// so these run in the collection that runs alone.
/// </summary>
[Collection(RetryTestGroup.Name)]
public sealed class CredentialEndpointsSideBySideTests : IAsyncLifetime
{
    /// <summary>The per-request limit is real time; a loaded test machine is slow to answer the first request.</summary>
    private static readonly TimeSpan SlowMachine = TimeSpan.FromSeconds(30);

    private LocalSts _sts = null!;
    private LocalStsRole _role = null!;

    public CredentialEndpointsSideBySideTests() => RetryTestRegistration.EnsureRegistered();

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync();
        _role = _sts.CreateRole("app");
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task Container_SdkGenericContainerCredentialsAndOurs_FromTheSameVariables_SameSession()
    {
        var endpoint = _sts.CreateContainerCredentials(_role);
        using var env = new ProcessEnvironment()
            .Set(RefreshingContainerCredentials.RelativeUriVariable, null)
            .Set(RefreshingContainerCredentials.FullUriVariable, endpoint.FullUri)
            .Set(RefreshingContainerCredentials.AuthorizationTokenVariable, endpoint.AuthorizationToken)
            .Set(RefreshingContainerCredentials.AuthorizationTokenFileVariable, null);
        var sdk = new GenericContainerCredentials();
        await using var ours = RefreshingContainerCredentials.FromEnvironment(o => o.Timeout = SlowMachine);

        var fromSdk = await sdk.GetCredentialsAsync();
        var fromOurs = await ours.GetCredentialsAsync();

        Assert.Equal(fromSdk.AccessKey, fromOurs.AccessKey);
        using var client = _sts.CreateStsClient(ours);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/app/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
    }

    [Fact]
    public async Task InstanceProfile_SdkInstanceProfileCredentialsAndOurs_FromTheSameVariables_SameSession()
    {
        var imds = _sts.CreateInstanceMetadata(_role);
        using var env = new ProcessEnvironment()
            .Set(RefreshingInstanceProfileCredentials.EndpointVariable, imds.Endpoint)
            .Set(RefreshingInstanceProfileCredentials.EndpointModeVariable, null)
            .Set(RefreshingInstanceProfileCredentials.DisabledVariable, null);
        ProcessEnvironment.ResetSdkEnvironmentCache();
        var sdk = new InstanceProfileAWSCredentials();
        await using var ours = RefreshingInstanceProfileCredentials.FromEnvironment(o => o.Timeout = SlowMachine);

        var fromSdk = await sdk.GetCredentialsAsync();
        var fromOurs = await ours.GetCredentialsAsync();

        Assert.Equal(fromSdk.AccessKey, fromOurs.AccessKey);
        Assert.Equal(new Uri(imds.Endpoint), ours.Endpoint);
        using var client = _sts.CreateStsClient(ours);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/app/{imds.InstanceId}", identity.Arn);
        Assert.True(_sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials) >= 2);
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.GetImdsCredentials));
    }

    [Fact]
    public async Task ExpiredTokenRetry_ContainerSessionRevoked_InvalidatedByKeyAndRecoveredWithOneRetry()
    {
        var endpoint = _sts.CreateContainerCredentials(_role);
        await using var credentials = new RefreshingContainerCredentials(new RefreshingContainerCredentialsOptions
        {
            FullUri = endpoint.FullUri,
            AuthorizationToken = endpoint.AuthorizationToken,
            BackgroundRefresh = false,
            Timeout = SlowMachine,
        });

        await AssertRecoversAsync(credentials, LocalStsActions.GetContainerCredentials);
    }

    [Fact]
    public async Task ExpiredTokenRetry_InstanceProfileSessionRevoked_InvalidatedByKeyAndRecoveredWithOneRetry()
    {
        var imds = _sts.CreateInstanceMetadata(_role);
        await using var credentials = new RefreshingInstanceProfileCredentials(new RefreshingInstanceProfileCredentialsOptions
        {
            Endpoint = imds.Endpoint,
            BackgroundRefresh = false,
            Timeout = SlowMachine,
        });

        await AssertRecoversAsync(credentials, LocalStsActions.GetImdsCredentials);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExpiredTokenRetry_RoleChainedFromContainer_SessionRevoked_InvalidatedByKey(bool taskSessionRevokedToo)
    {
        var endpoint = _sts.CreateContainerCredentials(_role);
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_role.Arn));
        await using var task = new RefreshingContainerCredentials(new RefreshingContainerCredentialsOptions
        {
            FullUri = endpoint.FullUri,
            AuthorizationToken = endpoint.AuthorizationToken,
            BackgroundRefresh = false,
            Timeout = SlowMachine,
        });
        await using var chained = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
        {
            RoleArn = target.Arn,
            RoleSessionName = "chained",
            SourceCredentials = task,
            ServiceUrl = _sts.ServiceUrl,
            Region = _sts.Region,
            BackgroundRefresh = false,
        });

        // The chained session is rejected and replaced through AssumeRole. When the task session was revoked too, STS
        // rejects that AssumeRole with ExpiredToken: the role invalidates its source by key and asks once more.
        await AssertRecoversAsync(chained, LocalStsActions.AssumeRole, revokeAll: taskSessionRevokedToo);
        Assert.Equal(taskSessionRevokedToo ? 2 : 1, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        Assert.Equal(taskSessionRevokedToo ? 1 : 0, _sts.Counters.Count(LocalStsActions.AssumeRole, "ExpiredToken"));
    }

    private async Task AssertRecoversAsync(RefreshingCredentials credentials, string refreshAction, bool revokeAll = true)
    {
        using var client = new RetryStsClient(credentials, _sts.CreateStsConfig());
        var before = (await credentials.GetCredentialsAsync()).AccessKey;
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        if (revokeAll)
        {
            _sts.RevokeAllSessions();
        }
        else
        {
            Assert.True(_sts.RevokeSession(before));
        }

        var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(_sts.AccountId, response.Account);
        Assert.NotEqual(before, (await credentials.GetCredentialsAsync()).AccessKey);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.GetCallerIdentity, "ExpiredToken"));
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity));
        Assert.Equal(2, _sts.Counters.Succeeded(refreshAction));
    }
}
