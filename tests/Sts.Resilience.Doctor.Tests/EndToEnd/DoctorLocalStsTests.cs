using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.SecurityToken.Model;
using Snapshooter;
using Snapshooter.Xunit;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Doctor.Tests.EndToEnd;

/// <summary>
/// The scenarios of issue 9, each run in-process against a LocalSts with its own HOME, files, cache, environment
/// and clock. Human output and JSON are compared with snapshots (ports, HOME, times and key ids scrubbed).
/// </summary>
public partial class DoctorLocalStsTests
{
    [Fact]
    public async Task RoleProfile_EverythingHealthy_AllOkExitZero()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        WriteRoleProfile(scenario, user, role.Arn);

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitOk, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.ok", "role.assumed"], json.FindingIds);
        Assert.Contains("sts-doctor: checking identity against http://127.0.0.1:", human.Stderr, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task EnvironmentCredentials_Expired_ProblemWithUnsetCommands()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        var session = await AssumeAsync(sts, user, role.Arn);
        scenario.Environment["AWS_ACCESS_KEY_ID"] = session.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = session.SecretAccessKey;
        scenario.Environment["AWS_SESSION_TOKEN"] = session.SessionToken;
        scenario.Environment["AWS_CREDENTIAL_EXPIRATION"] = Iso(ExpirationOf(session));
        scenario.Time.Advance(TimeSpan.FromHours(2));

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.expired", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.pick", "clock.ok", "identity.expired-token", "role.none"], json.FindingIds);
        Assert.Contains("fix: Run (bash/zsh): unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION", human.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SecretAccessKey, human.Stdout + json.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(session.SessionToken, human.Stdout + json.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task StaticSessionTokenProfile_Expired_PointsAtTheLineAndTheProfileToWrite()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        var session = await AssumeAsync(sts, user, role.Arn);
        scenario.WriteAwsFile("credentials", $"""
            [base]
            aws_access_key_id = {user.AccessKeyId}
            aws_secret_access_key = {user.SecretAccessKey}

            [dev]
            aws_access_key_id = {session.AccessKeyId}
            aws_secret_access_key = {session.SecretAccessKey}
            aws_session_token = {session.SessionToken}
            """);
        scenario.Time.Advance(TimeSpan.FromHours(2));

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.static-session-token", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.expired-token", "role.none"], json.FindingIds);
        Assert.Contains("at:  ~/.aws/credentials:8", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("source_profile = base", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task StaticSessionTokenProfile_StillValid_ProblemAndTheProfileToWriteNamesTheRole()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        var session = await AssumeAsync(sts, user, role.Arn);
        scenario.WriteAwsFile("credentials", $"""
            [ci]
            aws_access_key_id = {user.AccessKeyId}
            aws_secret_access_key = {user.SecretAccessKey}

            [pasted]
            aws_access_key_id = {session.AccessKeyId}
            aws_secret_access_key = {session.SecretAccessKey}
            aws_session_token = {session.SessionToken}
            """);

        var run = await scenario.RunAsync("--profile", "pasted", "--endpoint-url", sts.ServiceUrl);

        // It works for now, which is exactly why it is the problem that comes back every hour.
        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        Assert.Contains("ok       identity     arn:aws:sts::123456789012:assumed-role/deploy/pasted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            """
                                       [profile pasted]
                                       role_arn = arn:aws:iam::123456789012:role/deploy
                                       source_profile = ci
            """.ReplaceLineEndings(),
            run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSourceProfile_ProblemAndNoStsCallForThatProfile()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var role = sts.CreateRole("deploy");
        scenario.WriteAwsFile("config", $"""
            [profile dev]
            role_arn = {role.Arn}
            source_profile = does-not-exist
            """);

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.missing-source-profile", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.skipped", "role.skipped"], json.FindingIds);
        Assert.Equal(0, sts.Counters.Count(LocalStsActions.AssumeRole));
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task ProfileCycle_NamesTheCycle()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var role = sts.CreateRole("deploy");
        scenario.WriteAwsFile("config", $"""
            [profile a]
            role_arn = {role.Arn}
            source_profile = b

            [profile b]
            role_arn = {role.Arn}
            source_profile = a
            """);
        scenario.Environment["AWS_PROFILE"] = "a";

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.profile", "profiles.cycle", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.pick", "clock.ok", "identity.skipped", "role.skipped"], json.FindingIds);
        Assert.Contains("a -> b -> a", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task CliCache_ExpiredAndValidEntries_FixDeletesOnlyTheExpiredOne()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        WriteRoleProfile(scenario, user, role.Arn);
        var valid = scenario.WriteCacheEntry("1111111111111111111111111111111111111111.json", CacheJson(role.Arn, "ASIAVALIDVALIDVALID1", scenario.Now.AddMinutes(50)));
        var expired = scenario.WriteCacheEntry("2222222222222222222222222222222222222222.json", CacheJson(role.Arn, "ASIAEXPIREDEXPIRED02", scenario.Now.AddHours(-2)));

        var before = await scenario.RunAsync("--profile", "dev", "--endpoint-url", sts.ServiceUrl, "--json");
        var fix = await scenario.RunAsync("--profile", "dev", "--endpoint-url", sts.ServiceUrl, "--fix");
        var after = await scenario.RunAsync("--profile", "dev", "--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitWarnings, before.ExitCode);
        Assert.Equal(["environment.clean", "profiles.ok", "cli-cache.valid", "cli-cache.expired", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.ok", "role.assumed"], before.FindingIds);
        Assert.True(File.Exists(valid));
        Assert.False(File.Exists(expired));
        Assert.Equal(DoctorCommand.ExitOk, fix.ExitCode);
        Assert.Contains("Deleted 2222222222222222222222222222222222222222.json", fix.Stdout, StringComparison.Ordinal);
        Assert.Equal(DoctorCommand.ExitOk, after.ExitCode);
        Assert.Equal(["environment.clean", "profiles.ok", "cli-cache.valid", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.ok", "role.assumed"], after.FindingIds);
        Snapshot.Match(Scrub(scenario, before.Stdout), SnapshotNameExtension.Create("json-before"));
        Snapshot.Match(Scrub(scenario, fix.Stdout), SnapshotNameExtension.Create("human-fix"));
    }

    [Fact]
    public async Task ClockSkewedTenMinutes_ClockProblemAndSignatureExpired()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        WriteRoleProfile(scenario, user, role.Arn);
        sts.SetClockSkew(TimeSpan.FromMinutes(10));

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.skew-problem", "identity.signature-expired", "role.skipped"], json.FindingIds);
        Assert.Contains("Local clock is about 10 min behind STS", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("sudo timedatectl set-ntp true", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task DurationAboveMaxSessionDuration_ExplainedWithTheLine()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        var role = sts.CreateRole("deploy", o => o.MaxSessionDuration = TimeSpan.FromHours(1));
        WriteRoleProfile(scenario, user, role.Arn, "duration_seconds = 7200");

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.ok", "role.duration-above-max"], json.FindingIds);
        Assert.Contains("aws iam update-role --role-name deploy --max-session-duration 7200", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("at:  ~/.aws/config:4", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task ChainedRoleAskingForTwoHours_ProfilesAndStsBothExplainTheOneHourLimit()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        var first = sts.CreateRole("hop");
        var second = sts.CreateRole("deploy", o => o.MaxSessionDuration = TimeSpan.FromHours(12));
        scenario.WriteAwsFile("credentials", $"""
            [base]
            aws_access_key_id = {user.AccessKeyId}
            aws_secret_access_key = {user.SecretAccessKey}
            """);
        scenario.WriteAwsFile("config", $"""
            [profile hop]
            role_arn = {first.Arn}
            source_profile = base

            [profile dev]
            role_arn = {second.Arn}
            source_profile = hop
            duration_seconds = 7200
            """);

        var (human, json) = await RunBothAsync(scenario, "--profile", "dev", "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, human.ExitCode);
        Assert.Equal(["environment.clean", "profiles.chained-duration", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.ok", "role.assumed", "role.chaining-limit"], json.FindingIds);
        Assert.Contains("duration_seconds = 3600", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(Scrub(scenario, human.Stdout), SnapshotNameExtension.Create("human"));
        Snapshot.Match(Scrub(scenario, json.Stdout), SnapshotNameExtension.Create("json"));
    }

    [Fact]
    public async Task RoleRequiringExternalId_AccessDeniedSaysExternalIdIsMissing()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        var role = sts.CreateRole("partner", o => o.ExternalId = "partner-1234");
        WriteRoleProfile(scenario, user, role.Arn);

        var run = await scenario.RunAsync("--profile", "dev", "--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        var finding = run.Json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "role.access-denied");
        Assert.StartsWith("No external id is configured: if the role's trust policy requires sts:ExternalId, add external_id = ", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleArnOption_AssumesThatRoleWithEnvironmentKeys()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        scenario.Environment["AWS_ACCESS_KEY_ID"] = user.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = user.SecretAccessKey;

        var run = await scenario.RunAsync("--role-arn", role.Arn, "--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitOk, run.ExitCode);
        Assert.Equal(["environment.long-term-keys", "profiles.ok", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.pick", "clock.ok", "identity.ok", "role.assumed"], run.FindingIds);
        Assert.Equal(1, sts.Counters.Succeeded(LocalStsActions.AssumeRole));
    }

    [Fact]
    public async Task StsNeverAnswersGetCallerIdentity_TimesOutIntoAFinding()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        scenario.Environment["AWS_ACCESS_KEY_ID"] = user.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = user.SecretAccessKey;
        // LocalSts waits on its fake clock, which nobody advances: the call hangs until the doctor gives up.
        sts.Faults.SetLatency(LocalStsActions.GetCallerIdentity, TimeSpan.FromHours(1));

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--timeout", "1", "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        Assert.Contains("identity.sts-unreachable", run.FindingIds);
        Assert.Contains("within 1 s", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsThrottlesGetCallerIdentity_OneCallAndTheFindingSaysWhat()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        scenario.Environment["AWS_ACCESS_KEY_ID"] = user.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = user.SecretAccessKey;
        sts.Faults.FailNext(LocalStsActions.GetCallerIdentity, LocalStsFault.Throttling);

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        var finding = Identity(run);
        Assert.Equal("identity.sts-error", finding.GetProperty("id").GetString());
        Assert.EndsWith("Throttling: Rate exceeded", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, sts.Counters.Count(LocalStsActions.GetCallerIdentity));
    }

    [Fact]
    public async Task StsKeepsResettingTheConnection_UnreachableFindingNotACrash()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var user = sts.CreateUser("alice");
        scenario.Environment["AWS_ACCESS_KEY_ID"] = user.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = user.SecretAccessKey;
        // The SDK resends a request whose connection was reset (it takes it for a stale pooled connection),
        // whatever MaxErrorRetry says: reset every attempt.
        sts.Faults.FailNext(LocalStsActions.GetCallerIdentity, 100, LocalStsFault.ConnectionReset);

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        var finding = Identity(run);
        Assert.Equal("identity.sts-unreachable", finding.GetProperty("id").GetString());
        // Reset while sending or while reading: "connection reset" or "the connection closed mid-response".
        Assert.Matches("^Could not reach STS: cannot (connect|talk) to http://127.0.0.1:\\d+/: (connection reset|the connection closed before the response was complete)", finding.GetProperty("message").GetString());
        Assert.StartsWith("Check that the endpoint is running", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAccessKey_InvalidClientTokenIdDecoded()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        scenario.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        var finding = Identity(run);
        Assert.Equal("identity.invalid-token", finding.GetProperty("id").GetString());
        Assert.Equal(
            "STS does not recognise the long-term key ****MPLE from environment variables: InvalidClientTokenId: The security token included in the request is invalid.",
            finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ProfileThatDoesNotExist_NotFoundListsTheProfilesThatDo()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("deploy"));
        WriteRoleProfile(scenario, user, role.Arn);

        var run = await scenario.RunAsync("--profile", "prod", "--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        Assert.Equal(["environment.clean", "profiles.not-found", "cli-cache.empty", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.none", "clock.ok", "identity.skipped", "role.skipped"], run.FindingIds);
        Assert.Contains("pick an existing one: base, dev.", run.Stdout, StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonElement Identity(DoctorRun run) =>
        run.Json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == "identity");

    private static async Task<LocalSts> StartAsync(DoctorScenario scenario) =>
        await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = scenario.Time });

    private static void WriteRoleProfile(DoctorScenario scenario, LocalStsUser user, string roleArn, string? extraLine = null)
    {
        scenario.WriteAwsFile("credentials", $"""
            [base]
            aws_access_key_id = {user.AccessKeyId}
            aws_secret_access_key = {user.SecretAccessKey}
            """);
        scenario.WriteAwsFile("config", $"""
            [profile dev]
            role_arn = {roleArn}
            source_profile = base
            {extraLine}
            """);
    }

    private static async Task<Amazon.SecurityToken.Model.Credentials> AssumeAsync(LocalSts sts, LocalStsUser user, string roleArn)
    {
        using var client = sts.CreateStsClient(user.Credentials);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "pasted", DurationSeconds = 3600 });
        return response.Credentials;
    }

    private static DateTimeOffset ExpirationOf(Amazon.SecurityToken.Model.Credentials credentials) =>
        new(DateTime.SpecifyKind(credentials.Expiration!.Value.ToUniversalTime(), DateTimeKind.Utc));

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string CacheJson(string roleArn, string accessKeyId, DateTimeOffset expiration)
    {
        var assumedRoleArn = roleArn.Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal) + "/cli";
        return $$$"""
            {"Credentials": {"AccessKeyId": "{{{accessKeyId}}}", "SecretAccessKey": "cache-secret", "SessionToken": "cache-token", "Expiration": "{{{Iso(expiration)}}}"}, "AssumedRoleUser": {"AssumedRoleId": "AROAEXAMPLE:cli", "Arn": "{{{assumedRoleArn}}}"}, "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200}}
            """;
    }

    private static async Task<(DoctorRun Human, DoctorRun Json)> RunBothAsync(DoctorScenario scenario, params string[] args) =>
        (await scenario.RunAsync(args), await scenario.RunAsync([.. args, "--json"]));

    /// <summary>Besides what <see cref="DoctorScenario.Scrub"/> removes, LocalSts makes up key ids: keep only that one was shown.</summary>
    private static string Scrub(DoctorScenario scenario, string text) => KeyIdPattern().Replace(scenario.Scrub(text), "****<key>");

    [GeneratedRegex(@"\*\*\*\*[A-Z0-9]{4}")]
    private static partial Regex KeyIdPattern();
}
