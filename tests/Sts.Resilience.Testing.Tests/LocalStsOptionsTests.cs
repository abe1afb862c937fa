namespace Sts.Resilience.Testing.Tests;

public class LocalStsOptionsTests
{
    [Fact]
    public void Ctor_Ok()
    {
        var options = new LocalStsOptions();

        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Same(TimeProvider.System, options.SignatureClock);
        Assert.Equal(0, options.Port);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("123456789012", options.AccountId);
        Assert.Equal(TimeSpan.FromSeconds(900), options.MinimumSessionDuration);
        Assert.Equal(1024 * 1024, options.MaxRequestBodyBytes);
    }

    [Fact]
    public void RoleOptions_Ctor_Ok()
    {
        var options = new LocalStsRoleOptions();

        Assert.Equal(TimeSpan.FromHours(1), options.MaxSessionDuration);
        Assert.Null(options.ExternalId);
        Assert.Empty(options.TrustedPrincipals);
        Assert.False(options.RequireMfa);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_OneMessageWithEveryProblem()
    {
        var options = new LocalStsOptions
        {
            Port = 70000,
            Region = "mars",
            AccountId = "12",
            MinimumSessionDuration = TimeSpan.Zero,
            MaxRequestBodyBytes = 10,
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => LocalSts.StartAsync(options));

        Assert.Equal(
            "Invalid LocalStsOptions: Port must be between 0 and 65535 (was 70000). Region must look like 'us-east-1' (was 'mars'). " +
            "AccountId must be 12 digits (was '12'). MinimumSessionDuration must be between 1 second and 900 seconds (was 00:00:00). " +
            "MaxRequestBodyBytes must be at least 1024 (was 10). (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public async Task StartAsync_Defaults_ListensOnLoopbackWithEphemeralPort()
    {
        await using var sts = await LocalSts.StartAsync();

        Assert.Equal($"http://127.0.0.1:{sts.Port}/", sts.ServiceUrl);
        Assert.NotEqual(0, sts.Port);
        Assert.Equal("us-east-1", sts.Region);
    }

    [Fact]
    public async Task CreateUserAndRole_BadNamesAndDuplicates_Throw()
    {
        await using var sts = await LocalSts.StartAsync();
        sts.CreateUser("alice");
        sts.CreateRole("app");

        Assert.Throws<ArgumentException>(() => sts.CreateUser("has space"));
        Assert.Throws<InvalidOperationException>(() => sts.CreateUser("alice"));
        Assert.Throws<InvalidOperationException>(() => sts.CreateRole("app"));
        Assert.Throws<ArgumentException>(() => sts.CreateRole("long", o => o.MaxSessionDuration = TimeSpan.FromHours(13)));
        Assert.Throws<ArgumentException>(() => sts.CreateUser("bob", "short", "secret"));
    }

    [Fact]
    public async Task CreateUser_IssuesAkiaKeys()
    {
        await using var sts = await LocalSts.StartAsync();

        var user = sts.CreateUser("alice");

        Assert.Matches("^AKIA[A-Z2-7]{16}$", user.AccessKeyId);
        Assert.Equal(40, user.SecretAccessKey.Length);
        Assert.Equal("arn:aws:iam::123456789012:user/alice", user.Arn);
        Assert.Equal(user.AccessKeyId, user.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless_AndStopsListening()
    {
        var sts = await LocalSts.StartAsync();
        var url = sts.ServiceUrl;

        await sts.DisposeAsync();
        await sts.DisposeAsync();

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
    }
}
