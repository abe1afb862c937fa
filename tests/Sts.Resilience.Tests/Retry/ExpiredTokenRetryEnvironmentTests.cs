using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Snapshooter.Xunit;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

/// <summary>Credentials from AWS_* variables. Runs in the non-parallel group because it sets process environment variables.</summary>
[Collection(RetryTestGroup.Name)]
public sealed class ExpiredTokenRetryEnvironmentTests
{
    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"];

    public ExpiredTokenRetryEnvironmentTests()
    {
        RetryTestRegistration.EnsureRegistered();

        // These tests read the advice from the opt-in replacement; ExceptionTypeTests cover the default.
        ExpiredTokenRetry.ThrowExpiredCredentialsException = true;
    }

    [Fact]
    public async Task GetCallerIdentityAsync_EnvironmentCredentialsExpired_NotRetriedAndGivesUnsetCommands()
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENT0K3Y9");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret-value");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "env-session-token");
            Environment.SetEnvironmentVariable("AWS_CREDENTIAL_EXPIRATION", "2026-11-28T12:00:00Z");
            var http = new ScriptedAwsHttp(ScriptedResponse.StsError("ExpiredToken"));
            using var client = new RetryStsClient(new EnvironmentVariablesAWSCredentials(), ExpiredTokenRetryPipelineTests.StsConfig(http));

            var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

            Assert.Single(http.Seen);
            Assert.Equal(typeof(EnvironmentVariablesAWSCredentials), exception.CredentialsType);
            Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), exception.Expiration);
            Assert.DoesNotContain("env-secret-value", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("env-session-token", exception.Message, StringComparison.Ordinal);
            Snapshot.Match(exception.Message.Split('\n'));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
