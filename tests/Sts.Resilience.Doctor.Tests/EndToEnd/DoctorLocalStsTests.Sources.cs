using System.Text.RegularExpressions;
using Snapshooter;
using Snapshooter.Xunit;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Doctor.Tests.EndToEnd;

/// <summary>
/// The other credential sources (issue 15): web identity, container credentials and instance metadata, each served by a
/// LocalSts on 127.0.0.1 and pointed at through the doctor's own environment, never the process's.
/// </summary>
public partial class DoctorLocalStsTests
{
    [Fact]
    public async Task WebIdentity_FreshToken_ChainPicksItAndClaimsShownWithoutTheToken()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var role = sts.CreateRole("irsa");
        var tokenPath = Path.Combine(scenario.Home, "token");
        var token = sts.CreateWebIdentityToken(role, TimeSpan.FromHours(24));
        await File.WriteAllTextAsync(tokenPath, token);
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenPath;
        scenario.Environment["AWS_ROLE_ARN"] = role.Arn;

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(["web-identity.ok", "container.not-configured", "imds.disabled", "chain.pick"], SourceIds(json));
        Assert.Contains($"(in 24 h) (iss {sts.WebIdentityIssuer}, aud sts.amazonaws.com); role {role.Arn}.", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("The default credential chain picks web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN.", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("identity.ok", json.FindingIds);
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.AssumeRoleWithWebIdentity));
        Assert.Equal(DoctorCommand.ExitOk, human.ExitCode);
        foreach (var part in token.Split('.'))
        {
            Assert.DoesNotContain(part, human.Stdout + json.Stdout, StringComparison.Ordinal);
        }

        Snapshot.Match(ScrubSessions(Scrub(scenario, human.Stdout)), SnapshotNameExtension.Create("human"));
    }

    [Theory]
    [InlineData(25, "web-identity.token-expired", "expired at")]
    [InlineData(23.9, "web-identity.token-expiring", "expires at")]
    public async Task WebIdentity_TokenPastOrNearItsExp_FindingSaysWhen(double hoursLater, string id, string when)
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var role = sts.CreateRole("irsa");
        var tokenPath = Path.Combine(scenario.Home, "token");
        await File.WriteAllTextAsync(tokenPath, sts.CreateWebIdentityToken(role, TimeSpan.FromHours(24)));
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenPath;
        scenario.Environment["AWS_ROLE_ARN"] = role.Arn;
        scenario.Time.Advance(TimeSpan.FromHours(hoursLater));

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        var finding = run.Json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == "web-identity");
        Assert.Equal(id, finding.GetProperty("id").GetString());
        Assert.StartsWith("The token " + when, finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_LocalStsEndpoint_AnswersWithCredentialsAndNoSecretIsShown()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var endpoint = sts.CreateContainerCredentials(sts.CreateRole("task"));
        var tokenFile = Path.Combine(scenario.Home, "pod-identity-token");
        await File.WriteAllTextAsync(tokenFile, endpoint.AuthorizationToken);
        scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri;
        scenario.Environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile;

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(["web-identity.not-configured", "container.ok", "imds.disabled", "chain.pick"], SourceIds(json));
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        Assert.Contains("identity.ok", json.FindingIds);
        Assert.Contains("assumed-role/task/", human.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.AuthorizationToken, human.Stdout + json.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.FullUri, human.Stdout + json.Stdout, StringComparison.Ordinal);
        Snapshot.Match(ScrubSessions(Scrub(scenario, human.Stdout)), SnapshotNameExtension.Create("human"));
    }

    [Fact]
    public async Task WebIdentity_TokenForAnotherRole_StsAccessDeniedExplainedWithTheTrustPolicy()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (trusted, other) = (sts.CreateRole("irsa"), sts.CreateRole("payments"));
        var tokenPath = Path.Combine(scenario.Home, "token");
        await File.WriteAllTextAsync(tokenPath, sts.CreateWebIdentityToken(trusted, TimeSpan.FromHours(24)));
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenPath;
        scenario.Environment["AWS_ROLE_ARN"] = other.Arn;

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Contains("web-identity.ok", run.FindingIds);
        Assert.Contains("identity.web-identity-access-denied", run.FindingIds);
        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
    }

    [Fact]
    public async Task Container_RotatedToken_TokenRefusedFinding()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var endpoint = sts.CreateContainerCredentials(sts.CreateRole("task"));
        scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri;
        scenario.Environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.AuthorizationToken;
        endpoint.RotateAuthorizationToken();

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Contains("container.token-refused", run.FindingIds);
        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
    }

    [Fact]
    public async Task Container_EndpointInAnOutage_ProblemNamesTheStatus()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var endpoint = sts.CreateContainerCredentials(sts.CreateRole("task"));
        scenario.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.FullUri;
        scenario.Environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.AuthorizationToken;
        sts.Faults.StartOutage(TimeSpan.FromHours(1), LocalStsFault.ServiceUnavailable, LocalStsServices.ContainerCredentials);

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Contains("container.bad-answer", run.FindingIds);
        Assert.Contains("answered 503 without credentials", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceMetadata_NothingElseConfigured_TokenRoleAndCredentialsFromLocalSts()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var imds = sts.CreateInstanceMetadata(sts.CreateRole("instance"));
        scenario.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        scenario.Environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint;

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(["web-identity.not-configured", "container.not-configured", "imds.ok", "chain.pick"], SourceIds(json));
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.GetImdsToken));
        Assert.Equal(2, sts.Counters.Succeeded(LocalStsActions.GetImdsCredentials));
        Assert.Contains("role 'instance'", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("identity.ok", json.FindingIds);
        Assert.Contains("assumed-role/instance/", human.Stdout, StringComparison.Ordinal);
        Snapshot.Match(ScrubSessions(Scrub(scenario, human.Stdout)), SnapshotNameExtension.Create("human"));
    }

    [Fact]
    public async Task InstanceMetadata_Unreachable_ProblemWithinTheShortTimeout()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        using var closed = new ClosedPort();
        scenario.Environment.Remove("AWS_EC2_METADATA_DISABLED");
        scenario.Environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = closed.Url;

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Contains("imds.unreachable", run.FindingIds);
        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
    }

    [Fact]
    public async Task Lambda_ExecutionRoleKeys_NoUnsetAdviceAndChainSaysTheyAreTheFunctions()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("lambda-role"));
        var session = await AssumeAsync(sts, user, role.Arn);
        scenario.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "orders";
        scenario.Environment["AWS_ACCESS_KEY_ID"] = session.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = session.SecretAccessKey;
        scenario.Environment["AWS_SESSION_TOKEN"] = session.SessionToken;

        var (human, json) = await RunBothAsync(scenario, "--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitOk, human.ExitCode);
        Assert.Equal(["environment.lambda", "web-identity.not-configured", "container.not-configured", "imds.disabled", "chain.lambda"], json.FindingIds.Where(id => !id.StartsWith("profiles.", StringComparison.Ordinal) && !id.StartsWith("cli-cache.", StringComparison.Ordinal)).Take(5));
        Assert.DoesNotContain("unset", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("keep them", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lambda_ExpiredSession_LambdasAdviceNotUnset()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("lambda-role"));
        var session = await AssumeAsync(sts, user, role.Arn);
        scenario.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "orders";
        scenario.Environment["AWS_ACCESS_KEY_ID"] = session.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = session.SecretAccessKey;
        scenario.Environment["AWS_SESSION_TOKEN"] = session.SessionToken;
        scenario.Time.Advance(TimeSpan.FromHours(2));

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl);

        Assert.Equal(DoctorCommand.ExitProblems, run.ExitCode);
        Assert.Contains("Do not unset them.", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("unset AWS_", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysInAPodWithWebIdentity_ChainWarnsTheyHideIt()
    {
        using var scenario = new DoctorScenario();
        await using var sts = await StartAsync(scenario);
        var (user, role) = (sts.CreateUser("alice"), sts.CreateRole("irsa"));
        var tokenPath = Path.Combine(scenario.Home, "token");
        await File.WriteAllTextAsync(tokenPath, sts.CreateWebIdentityToken(role, TimeSpan.FromHours(24)));
        scenario.Environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenPath;
        scenario.Environment["AWS_ROLE_ARN"] = role.Arn;
        scenario.Environment["AWS_ACCESS_KEY_ID"] = user.AccessKeyId;
        scenario.Environment["AWS_SECRET_ACCESS_KEY"] = user.SecretAccessKey;

        var run = await scenario.RunAsync("--endpoint-url", sts.ServiceUrl, "--json");

        Assert.Contains("chain.hides-platform-source", run.FindingIds);
        Assert.Equal(DoctorCommand.ExitWarnings, run.ExitCode);
    }

    /// <summary>The container and instance sessions are named after random ids (<c>task-…</c>, <c>i-…</c>).</summary>
    private static string ScrubSessions(string text) => SessionNamePattern().Replace(text, "$1<session>");

    [GeneratedRegex(@"(assumed-role/[\w+=,.@-]+/)(task-[0-9a-f]+|i-[0-9a-f]+)")]
    private static partial Regex SessionNamePattern();

    private static List<string> SourceIds(DoctorRun run) =>
        run.FindingIds.Where(id => id.Split('.')[0] is "web-identity" or "container" or "imds" or "chain").ToList();
}
