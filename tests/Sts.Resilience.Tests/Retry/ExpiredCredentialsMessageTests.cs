using System.Net;
using Snapshooter.Xunit;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Tests.Retry;

/// <summary>The advice users read; each message is snapshotted line by line.</summary>
public sealed class ExpiredCredentialsMessageTests
{
    [Fact]
    public void Build_SessionCredentials_NamesTheTypeAndBothFixes()
        => Snapshot.Match(Lines(Details(CredentialOrigin.SessionCredentials, "SessionAWSCredentials")));

    [Fact]
    public void Build_SessionCredentialsCopiedFromEnvironment_SaysSo()
        => Snapshot.Match(Lines(Details(CredentialOrigin.SessionCredentials, "SessionAWSCredentials") with { KeyMatchesEnvironment = true }));

    [Fact]
    public void Build_StaticSessionProfile_NamesProfileAndFile()
        => Snapshot.Match(Lines(Details(CredentialOrigin.StaticSessionProfile, "SessionAWSCredentials") with
        {
            ProfileName = "dev",
            ProfileFile = "/home/app/.aws/credentials",
        }));

    [Fact]
    public void Build_EnvironmentVariables_GivesUnsetCommandsAndExpiry()
        => Snapshot.Match(Lines(Details(CredentialOrigin.EnvironmentVariables, "EnvironmentVariablesAWSCredentials") with
        {
            Expiration = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
            ExpirationSource = "AWS_CREDENTIAL_EXPIRATION",
        }));

    [Fact]
    public void Build_FailedAgainWithSameKey_PointsAtTheFailingRefresh()
        => Snapshot.Match(Lines(Details(CredentialOrigin.Refreshing, "RefreshingRoleCredentials") with
        {
            Outcome = ExpiredTokenOutcome.FailedAgain,
            RetryKeySuffix = "WXYZ",
            Expiration = new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.Zero),
        }));

    [Fact]
    public void Build_FailedAgainWithNewKeyAndSkewedClock_PointsAtTheClock()
        => Snapshot.Match(Lines(Details(CredentialOrigin.Refreshing, "RefreshingRoleCredentials") with
        {
            Outcome = ExpiredTokenOutcome.FailedAgain,
            RetryKeySuffix = "ABCD",
            HostClockOffset = TimeSpan.FromMinutes(-125.5),
        }));

    [Fact]
    public void Build_BodyNotRewindable_SaysCallAgainWithSeekableStream()
        => Snapshot.Match(Lines(Details(CredentialOrigin.Refreshing, "AssumeRoleAWSCredentials") with
        {
            Outcome = ExpiredTokenOutcome.BodyNotRewindable,
            Service = "S3",
            Operation = "PutObject",
            StatusCode = HttpStatusCode.BadRequest,
        }));

    [Fact]
    public void Build_UnknownCredentialsType_SaysItDidNotRefresh()
        => Snapshot.Match(Lines(Details(CredentialOrigin.Other, "MyVaultCredentials") with
        {
            Outcome = ExpiredTokenOutcome.FailedAgain,
            RetryKeySuffix = "WXYZ",
        }));

    [Theory]
    [InlineData(4.9, false)]
    [InlineData(5.1, true)]
    [InlineData(-5.1, true)]
    public void Build_HostClockOffset_AdvisedOnlyBeyondFiveMinutes(double minutes, bool advised)
    {
        var message = ExpiredCredentialsMessage.Build(Details(CredentialOrigin.SessionCredentials, "SessionAWSCredentials") with
        {
            HostClockOffset = TimeSpan.FromMinutes(minutes),
        });

        Assert.Equal(advised, message.Contains("Check the host clock", StringComparison.Ordinal));
    }

    [Fact]
    public void KeySuffix_ShowsOnlyTheLastFourCharacters()
    {
        Assert.Equal("WXYZ", ExpiredCredentialsDetails.KeySuffix("ASIAABCDEFGHIJKLWXYZ"));
        Assert.Equal("****", ExpiredCredentialsDetails.KeySuffix("ABCD"));
        Assert.Null(ExpiredCredentialsDetails.KeySuffix(null));
    }

    private static ExpiredCredentialsDetails Details(CredentialOrigin origin, string typeName) => new()
    {
        Service = "STS",
        Operation = "GetCallerIdentity",
        ErrorCode = "ExpiredToken",
        StatusCode = HttpStatusCode.Forbidden,
        Outcome = ExpiredTokenOutcome.NotRefreshable,
        RejectedKeySuffix = "WXYZ",
        CredentialsTypeName = typeName,
        Origin = origin,
    };

    private static string[] Lines(ExpiredCredentialsDetails details) => ExpiredCredentialsMessage.Build(details).Split('\n');
}
