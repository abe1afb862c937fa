using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Container;

/// <summary>
/// RefreshingContainerCredentials against LocalSts's container credentials endpoint (as the ECS agent or the EKS Pod
/// Identity agent would serve it), on one fake clock with the sessions it vends.
/// </summary>
public sealed class RefreshingContainerCredentialsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly string _tokenPath = Path.Combine(Path.GetTempPath(), $"container-token-{Guid.NewGuid():N}");
    private LocalSts _sts = null!;
    private LocalStsRole _role = null!;
    private LocalStsContainerCredentials _endpoint = null!;

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = _time });
        _role = _sts.CreateRole("task-role");
        _endpoint = _sts.CreateContainerCredentials(_role);
    }

    public async Task DisposeAsync()
    {
        await _sts.DisposeAsync();
        File.Delete(_tokenPath);
    }

    private RefreshingContainerCredentials Create(Action<RefreshingContainerCredentialsOptions>? configure = null)
    {
        var options = new RefreshingContainerCredentialsOptions
        {
            FullUri = _endpoint.FullUri,
            AuthorizationToken = _endpoint.AuthorizationToken,
            BackgroundRefresh = false,
            Timeout = TimeSpan.FromSeconds(30), // real time: a loaded test machine is slow to answer the first request
        };
        configure?.Invoke(options);
        return new RefreshingContainerCredentials(options, _time);
    }

    [Fact]
    public async Task GetCredentialsAsync_ThroughThreeLifetimes_EverySessionWorks()
    {
        await using var credentials = Create();
        using var client = _sts.CreateStsClient(credentials);

        var keys = new List<string>();
        for (var lifetime = 0; lifetime < 3; lifetime++)
        {
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/task-role/", identity.Arn, StringComparison.Ordinal);
            keys.Add((await credentials.GetCredentialsAsync()).AccessKey);
            _time.Advance(TimeSpan.FromMinutes(59.5));
        }

        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.GetContainerCredentials));
        Assert.Equal(3, credentials.Status.RefreshCount);
    }

    [Fact]
    public async Task GetCredentialsAsync_AuthorizationTokenFileRotatedBetweenRefreshes_SendsTheNewToken()
    {
        await File.WriteAllTextAsync(_tokenPath, _endpoint.AuthorizationToken + "\n");
        await using var credentials = Create(o =>
        {
            o.AuthorizationToken = "ignored-when-a-file-is-set";
            o.AuthorizationTokenFile = _tokenPath;
        });
        var first = await credentials.GetCredentialsAsync();

        await File.WriteAllTextAsync(_tokenPath, _endpoint.RotateAuthorizationToken());
        _time.Advance(TimeSpan.FromMinutes(59.5));
        var second = await credentials.GetCredentialsAsync();

        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.GetContainerCredentials));
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenRotatedButFileNotYet_ServesCachedThenRecoversWhenTheFileIsWritten()
    {
        await File.WriteAllTextAsync(_tokenPath, _endpoint.AuthorizationToken);
        await using var credentials = Create(o => o.AuthorizationTokenFile = _tokenPath);
        var first = await credentials.GetCredentialsAsync();

        var rotated = _endpoint.RotateAuthorizationToken();
        _time.Advance(TimeSpan.FromMinutes(59.5));
        var during = await credentials.GetCredentialsAsync();
        await File.WriteAllTextAsync(_tokenPath, rotated);
        _time.Advance(TimeSpan.FromSeconds(31));
        var after = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, during.AccessKey);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.GetContainerCredentials, "AccessDenied"));
        Assert.NotEqual(first.AccessKey, after.AccessKey);
    }

    [Fact]
    public async Task EndpointDownAcrossExpiry_CallersKeepTheCachedSession_NewOneWhenItIsBack()
    {
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();
        _sts.Faults.ScheduleOutage(_sts.UtcNow.AddMinutes(50), _sts.UtcNow.AddMinutes(80), LocalStsFault.InternalFailure, LocalStsServices.ContainerCredentials);

        _time.Advance(TimeSpan.FromMinutes(61));
        var during = await credentials.GetCredentialsAsync();
        var status = credentials.Status;
        _time.Advance(TimeSpan.FromMinutes(30));
        var after = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, during.AccessKey);
        Assert.True(status.IsExpired);
        Assert.Contains("answered 500 InternalServerError", status.LastError, StringComparison.Ordinal);
        Assert.NotEqual(first.AccessKey, after.AccessKey);

        // One refresh at expiry while down: three attempts, then the engine's backoff, not a request per caller.
        Assert.Equal(3, _sts.Counters.Count(LocalStsActions.GetContainerCredentials, "InternalServerError"));
    }

    [Fact]
    public async Task GetCredentialsAsync_WrongAuthorizationToken_FirstFetchThrowsNamingTheEndpointNotTheToken()
    {
        await using var credentials = Create(o => o.AuthorizationToken = "not-the-token");

        var ex = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync());

        Assert.Contains(_endpoint.FullUri, ex.Message, StringComparison.Ordinal);
        Assert.Contains("403 AccessDenied", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_endpoint.AuthorizationToken, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_LocalhostHostName_ResolvesToLoopbackAndIsAllowed()
    {
        var uri = new UriBuilder(_endpoint.FullUri) { Host = "localhost" }.Uri.ToString();
        await using var credentials = Create(o => o.FullUri = uri);

        var result = await credentials.GetCredentialsAsync();

        Assert.StartsWith("ASIA", result.AccessKey, StringComparison.Ordinal);
        Assert.Equal(new Uri(uri), credentials.Endpoint);
    }

    [Fact]
    public async Task SourceCredentialsOfRefreshingRoleCredentials_RoleChainFromATask()
    {
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_role.Arn));
        await using var task = Create();
        await using var chained = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = target.Arn,
                RoleSessionName = "chained",
                SourceCredentials = task,
                ServiceUrl = _sts.ServiceUrl,
                Region = _sts.Region,
                BackgroundRefresh = false,
            },
            timeProvider: _time);
        using var client = _sts.CreateStsClient(chained);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/chained", identity.Arn);
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
    }

    [Fact]
    public async Task ToString_NamesTheEndpointAndTheKeySuffixOnly()
    {
        await using var credentials = Create();
        var result = await credentials.GetCredentialsAsync();

        var text = credentials.ToString();

        Assert.StartsWith($"RefreshingContainerCredentials {{ Endpoint = {_endpoint.FullUri}, AccessKeyId = ...{result.AccessKey[^4..]}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(result.SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(result.AccessKey, text, StringComparison.Ordinal);
    }
}
