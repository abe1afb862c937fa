using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.WebIdentity;

/// <summary>
/// RefreshingWebIdentityCredentials with its own SDK STS client (clock-skew correction on) against LocalSts, which issues
/// the JWTs and expires sessions and tokens on the same fake clock.
/// </summary>
public sealed class RefreshingWebIdentityCredentialsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly string _tokenPath = Path.Combine(Path.GetTempPath(), $"web-identity-{Guid.NewGuid():N}");
    private LocalSts _sts = null!;
    private LocalStsRole _role = null!;

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = _time });
        _role = _sts.CreateRole("pod-role");
    }

    public async Task DisposeAsync()
    {
        await _sts.DisposeAsync();
        File.Delete(_tokenPath);
    }

    private RefreshingWebIdentityCredentialsOptions Options(Action<RefreshingWebIdentityCredentialsOptions>? configure = null)
    {
        var options = new RefreshingWebIdentityCredentialsOptions
        {
            RoleArn = _role.Arn,
            RoleSessionName = "pod",
            WebIdentityTokenFile = _tokenPath,
            ServiceUrl = _sts.ServiceUrl,
            Region = _sts.Region,
            BackgroundRefresh = false,
        };
        configure?.Invoke(options);
        return options;
    }

    private RefreshingWebIdentityCredentials Create(Action<RefreshingWebIdentityCredentialsOptions>? configure = null)
        => new(Options(configure), _time);

    [Fact]
    public async Task GetCredentialsAsync_ThroughThreeLifetimes_TokenFileKeptFresh_EverySessionWorks()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(1));
        await using var credentials = Create();
        using var client = _sts.CreateStsClient(credentials);

        var keys = new List<string>();
        for (var lifetime = 0; lifetime < 3; lifetime++)
        {
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/pod-role/pod", identity.Arn);
            keys.Add((await credentials.GetCredentialsAsync()).AccessKey);
            _time.Advance(TimeSpan.FromMinutes(59.5));
        }

        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, _sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.AssumeRoleWithWebIdentity));
        Assert.True(file.Rotations >= 2, "the token the first session came from has long expired");
    }

    /// <summary>Synchronous callers: on the .NET 8+ build the refresh is the SDK's synchronous AssumeRoleWithWebIdentity with the token file read synchronously.</summary>
    [Fact]
    public async Task GetCredentials_Synchronous_ThroughThreeLifetimes_EverySessionIsNew()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(1));
        await using var credentials = Create();

        var keys = new List<string>();
        for (var lifetime = 0; lifetime < 3; lifetime++)
        {
            keys.Add(credentials.GetCredentials().AccessKey);
            Assert.Equal((_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcDateTime, credentials.Expiration!.Value, TimeSpan.FromSeconds(2));
            _time.Advance(TimeSpan.FromMinutes(59.5));
        }

        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, _sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
    }

    [Fact]
    public async Task GetCredentialsAsync_TokenFileRotatedBetweenRefreshes_ReadsTheNewToken()
    {
        await File.WriteAllTextAsync(_tokenPath, _sts.CreateWebIdentityToken(_role, TimeSpan.FromMinutes(30)));
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();

        _time.Advance(TimeSpan.FromMinutes(59.5));
        await File.WriteAllTextAsync(_tokenPath, _sts.CreateWebIdentityToken(_role, TimeSpan.FromMinutes(30)));
        var second = await credentials.GetCredentialsAsync();

        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(0, _sts.Counters.Failed(LocalStsActions.AssumeRoleWithWebIdentity));
    }

    [Fact]
    public async Task GetCredentialsAsync_JwtExpired_ReadsTheTokenAgainAndRetriesOnce()
    {
        var expired = _sts.CreateWebIdentityToken(_role, TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(2));
        var tokens = new Queue<string>([expired, _sts.CreateWebIdentityToken(_role, TimeSpan.FromHours(1))]);
        await using var credentials = Create(o =>
        {
            o.WebIdentityTokenFile = null;
            o.WebIdentityTokenProvider = _ => new ValueTask<string>(tokens.Dequeue());
        });

        var result = await credentials.GetCredentialsAsync();

        Assert.StartsWith("ASIA", result.AccessKey, StringComparison.Ordinal);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.AssumeRoleWithWebIdentity, "ExpiredTokenException"));
        Assert.Equal(1, _sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
    }

    [Fact]
    public async Task GetCredentialsAsync_InvalidIdentityToken_ThrownAtOnce_NotRetried()
    {
        await File.WriteAllTextAsync(_tokenPath, _sts.CreateWebIdentityToken(_role, TimeSpan.FromHours(1), audience: "sts.amazonaws.com"));
        var other = _sts.CreateRole("other");
        await using var credentials = Create(o => o.RoleArn = other.Arn);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());
        var again = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => credentials.GetCredentialsAsync());

        // The cached non-recoverable error: the same error, not a second call (each caller gets its own exception object).
        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Equal(ex.ErrorCode, again.ErrorCode);
        Assert.Equal(ex.Message, again.Message);
        Assert.Equal(1, _sts.Counters.Count(LocalStsActions.AssumeRoleWithWebIdentity));
    }

    [Fact]
    public async Task GetCredentialsAsync_IdpCommunicationErrorAtExpiry_ServesCachedAndBacksOff_ThenRecovers()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(24));
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();
        _time.Advance(TimeSpan.FromMinutes(59.5));
        _sts.Faults.FailNext(LocalStsActions.AssumeRoleWithWebIdentity, 10, LocalStsFault.IdpCommunicationError);

        var served = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, served.AccessKey);
        Assert.True(credentials.Status.InBackoff);
        Assert.Contains("IDPCommunicationError", credentials.Status.LastError, StringComparison.Ordinal);
        _sts.Faults.Clear();
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.NotEqual(first.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public async Task StsDownAcrossExpiry_CallersKeepTheCachedSession_NewOneWhenStsIsBack()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(24));
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();
        _sts.Faults.ScheduleOutage(_sts.UtcNow.AddMinutes(50), _sts.UtcNow.AddMinutes(80));

        _time.Advance(TimeSpan.FromMinutes(61));
        var during = await credentials.GetCredentialsAsync();
        _time.Advance(TimeSpan.FromMinutes(30));
        var after = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, during.AccessKey);
        Assert.NotEqual(first.AccessKey, after.AccessKey);
        Assert.True(_sts.Counters.Count(LocalStsActions.AssumeRoleWithWebIdentity, "ServiceUnavailable") >= 1);
    }

    [Fact]
    public async Task SourceCredentialsOfRefreshingRoleCredentials_RoleChainFromAPod()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(24));
        var target = _sts.CreateRole("target", o => o.TrustedPrincipals.Add(_role.Arn));
        await using var pod = Create();
        await using var chained = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions
            {
                RoleArn = target.Arn,
                RoleSessionName = "chained",
                SourceCredentials = pod,
                ServiceUrl = _sts.ServiceUrl,
                Region = _sts.Region,
                BackgroundRefresh = false,
            },
            timeProvider: _time);
        using var client = _sts.CreateStsClient(chained);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/target/chained", identity.Arn);
    }

    [Fact]
    public async Task Invalidate_CachedKey_NextCallRefreshes()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(24));
        await using var credentials = Create();
        var first = await credentials.GetCredentialsAsync();

        Assert.False(credentials.Invalidate("ASIAOTHER000000000000"));
        Assert.True(credentials.Invalidate(first.AccessKey));

        Assert.NotEqual(first.AccessKey, (await credentials.GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public void Validate_InvalidOptions_OneMessageListsEveryProblem()
    {
        var options = new RefreshingWebIdentityCredentialsOptions
        {
            RoleArn = "not-an-arn",
            RoleSessionName = "x",
            Duration = TimeSpan.FromSeconds(100),
            StsTimeout = TimeSpan.Zero,
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(
            "RefreshingWebIdentityCredentialsOptions are invalid:" + Environment.NewLine
            + "- RoleArn 'not-an-arn' is not a role ARN: expected arn:aws[-cn|-us-gov]:iam::<12-digit account>:role/<name>." + Environment.NewLine
            + "- RoleSessionName must be 2–64 characters of [A-Za-z0-9_+=,.@-] (got 'x')." + Environment.NewLine
            + "- Set exactly one of WebIdentityTokenFile and WebIdentityTokenProvider." + Environment.NewLine
            + "- Duration must be a whole number of seconds from 900 to 43200 (it is 100 s)." + Environment.NewLine
            + "- StsTimeout must be more than 0 and at most 5 minutes (it is 00:00:00). (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public void Ctor_Ok_Defaults()
    {
        var options = new RefreshingWebIdentityCredentialsOptions();

        Assert.Equal(string.Empty, options.RoleArn);
        Assert.Null(options.RoleSessionName);
        Assert.Null(options.WebIdentityTokenFile);
        Assert.Null(options.WebIdentityTokenProvider);
        Assert.Equal(TimeSpan.FromHours(1), options.Duration);
        Assert.Null(options.Region);
        Assert.Null(options.ServiceUrl);
        Assert.Equal(TimeSpan.FromSeconds(15), options.StsTimeout);
        Assert.Null(options.AdvisoryWindow);
        Assert.True(options.BackgroundRefresh);
    }

    [Fact]
    public async Task BaseClass_MinimumValidityAndToString_SameEngineAsTheRoleFront()
    {
        using var file = _sts.WriteWebIdentityTokenFile(_tokenPath, _role, TimeSpan.FromHours(1));
        RefreshingCredentials credentials = Create();
        await using var owned = credentials;
        Assert.Equal("RefreshingWebIdentityCredentials { Role = " + _role.Arn + ", no credentials yet }", credentials.ToString());

        var first = await credentials.GetCredentialsAsync();
        _time.Advance(TimeSpan.FromMinutes(50));

        // 10 minutes are left; asking for 30 must refresh, which the web identity front could not do before it shared the base.
        var presign = await credentials.GetCredentialsAsync(TimeSpan.FromMinutes(30));

        Assert.NotEqual(first.AccessKey, presign.AccessKey);
        Assert.Equal(2, _sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
        Assert.Contains("AccessKeyId = ..." + presign.AccessKey[^4..], credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(presign.SecretKey, credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BaseClass_OnlyThisPackageDerives()
    {
        var constructors = typeof(RefreshingCredentials).GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
        Assert.All(constructors, c => Assert.True(c.IsFamilyAndAssembly, "private protected: no type outside the package can derive"));
        Assert.True(typeof(RefreshingRoleCredentials).IsSealed);
        Assert.True(typeof(RefreshingWebIdentityCredentials).IsSealed);
        Assert.Equal(typeof(RefreshingCredentials), typeof(RefreshingWebIdentityCredentials).BaseType);
        Assert.Equal(typeof(RefreshingCredentials), typeof(RefreshingRoleCredentials).BaseType);
    }
}
