using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.InstanceProfile;

/// <summary>
/// RefreshingInstanceProfileCredentials against LocalSts's IMDSv2 (IMDSv1 refused), on one fake clock with the sessions
/// it vends.
/// </summary>
#pragma warning disable CA1001 // xunit disposes the server and the logger factory through IAsyncLifetime.DisposeAsync.
public sealed class RefreshingInstanceProfileCredentialsTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly TimeSpan FixedExtension = TimeSpan.FromMinutes(7);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly CapturingLoggerFactory _logs = new();
    private LocalSts _sts = null!;
    private LocalStsRole _role = null!;
    private LocalStsInstanceMetadata _imds = null!;

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = _time });
        _role = _sts.CreateRole("instance-role");
        _imds = _sts.CreateInstanceMetadata(_role);
    }

    public async Task DisposeAsync()
    {
        await _sts.DisposeAsync();
        _logs.Dispose();
    }

    private RefreshingInstanceProfileCredentials Create(Action<RefreshingInstanceProfileCredentialsOptions>? configure = null)
    {
        // A generous per-request limit: the limit is real time, and a loaded test machine is slow to answer the first request.
        var options = new RefreshingInstanceProfileCredentialsOptions { Endpoint = _imds.Endpoint, BackgroundRefresh = false, Timeout = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        return new RefreshingInstanceProfileCredentials(options, _time, _logs, timings: null, extension: () => FixedExtension);
    }

    [Fact]
    public async Task GetCredentialsAsync_ThroughThreeLifetimes_EverySessionWorks_OneTokenForAll()
    {
        await using var credentials = Create();
        using var client = _sts.CreateStsClient(credentials);

        var keys = new List<string>();
        for (var lifetime = 0; lifetime < 3; lifetime++)
        {
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal($"arn:aws:sts::123456789012:assumed-role/instance-role/{_imds.InstanceId}", identity.Arn);
            keys.Add((await credentials.GetCredentialsAsync()).AccessKey);
            _time.Advance(TimeSpan.FromMinutes(59.5));
        }

        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.GetImdsToken));
        Assert.Equal(3, _sts.Counters.Succeeded(LocalStsActions.GetImdsRoleName));
        Assert.Equal(3, _sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials));
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.All));
        Assert.Equal(0, credentials.StaticStabilityExtensions);
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenNearItsTtl_NewTokenBeforeIMDSRefusesIt()
    {
        await using var credentials = Create(o => o.TokenTtl = TimeSpan.FromMinutes(30));
        await credentials.GetCredentialsAsync();

        _time.Advance(TimeSpan.FromMinutes(59.5));
        await credentials.GetCredentialsAsync();

        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetImdsToken));
        Assert.Equal(0, _sts.Counters.Count(LocalStsActions.GetImdsRoleName, "Unauthorized"));
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.All));
    }

    [Fact]
    public async Task GetCredentialsAsync_ImdsRefusesTheCachedToken_OneNewTokenAndTheRefreshSucceeds()
    {
        await using var credentials = Create(o => o.TokenTtl = TimeSpan.FromHours(1));
        var first = await credentials.GetCredentialsAsync();

        // IMDS's clock moves past the token's TTL while ours does not (a restarted IMDS answers the same way): 401.
        _sts.SetClockSkew(TimeSpan.FromHours(2));
        Assert.True(credentials.Invalidate(first.AccessKey));
        var second = await credentials.GetCredentialsAsync();

        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.GetImdsRoleName, "Unauthorized"));
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetImdsToken));
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials));
    }

    [Fact]
    public async Task ImdsDownAcrossExpiry_StaticStability_ExtendsTheLastSessionThenTakesTheNewOne()
    {
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();
        var before = credentials.Status;
        _sts.Faults.StartOutage(TimeSpan.FromHours(3), LocalStsFault.ServiceUnavailable, LocalStsServices.InstanceMetadata);

        _time.Advance(TimeSpan.FromMinutes(59.5));
        var extended = await credentials.GetCredentialsAsync();
        var expiration = credentials.Expiration;
        _time.Advance(TimeSpan.FromMinutes(6.5));
        var extendedAgain = await credentials.GetCredentialsAsync();
        var status = credentials.Status;
        _sts.Faults.EndOutage(LocalStsServices.InstanceMetadata);
        _time.Advance(TimeSpan.FromMinutes(6.5));
        var after = await credentials.GetCredentialsAsync();
        var afterStatus = credentials.Status;

        Assert.Equal(first.AccessKey, extended.AccessKey);
        Assert.Equal(first.AccessKey, extendedAgain.AccessKey);
        Assert.Equal((_time.GetUtcNow() - TimeSpan.FromMinutes(13) + FixedExtension).UtcDateTime, expiration);
        Assert.False(status.IsExpired);
        Assert.Equal(2, credentials.StaticStabilityExtensions);
        Assert.NotEqual(first.AccessKey, after.AccessKey);
        var warnings = _logs.Entries.Where(e => e.EventId.Id == 1101).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("static stability", w.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(first.AccessKey, warnings[0].Message, StringComparison.Ordinal);

        // Status says the session is an extension, and why, only while it is one.
        Assert.Null(before.StaticStability);
        Assert.StartsWith($"Instance metadata at {new Uri(_imds.Endpoint).GetLeftPart(UriPartial.Authority)} could not give fresh credentials (", status.StaticStability, StringComparison.Ordinal);
        Assert.Contains("503", status.StaticStability, StringComparison.Ordinal);
        Assert.EndsWith(FormattableString.Invariant($"are served until {status.Expiration:o}"), status.StaticStability, StringComparison.Ordinal);
        Assert.Contains("..." + first.AccessKey[^4..], status.StaticStability, StringComparison.Ordinal);
        Assert.DoesNotContain(first.AccessKey, status.StaticStability, StringComparison.Ordinal);
        Assert.Null(status.LastError);
        Assert.Null(afterStatus.StaticStability);
    }

    [Fact]
    public async Task ImdsFailsEarlyInTheAdvisoryWindow_NoExtension_CachedSessionServedAndBackoff()
    {
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();
        var expiry = credentials.Expiration;
        _sts.Faults.StartOutage(TimeSpan.FromHours(3), LocalStsFault.ServiceUnavailable, LocalStsServices.InstanceMetadata);

        // 6 minutes left: more than an extension would give, so the engine's own backoff applies.
        _time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey);
        await credentials.Engine.WaitForInflightAsync();

        Assert.Equal(0, credentials.StaticStabilityExtensions);
        Assert.True(credentials.Status.InBackoff);
        Assert.Equal(expiry, credentials.Expiration);
    }

    [Fact]
    public async Task FirstFetchWhileImdsIsDown_Throws_NoSessionToExtend()
    {
        await using var credentials = Create();
        _sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.ServiceUnavailable, LocalStsServices.InstanceMetadata);

        var ex = await Assert.ThrowsAsync<AmazonClientException>(() => credentials.GetCredentialsAsync());

        Assert.Contains(_imds.Endpoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, credentials.StaticStabilityExtensions);
    }

    [Fact]
    public async Task SourceCredentialsOfRefreshingRoleCredentials_RoleChainFromAnInstance()
    {
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_role.Arn));
        await using var instance = Create();
        await using var chained = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = target.Arn,
                RoleSessionName = "chained",
                SourceCredentials = instance,
                ServiceUrl = _sts.ServiceUrl,
                Region = _sts.Region,
                BackgroundRefresh = false,
            },
            timeProvider: _time);
        using var client = _sts.CreateStsClient(chained);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/chained", identity.Arn);
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials));
    }
}
