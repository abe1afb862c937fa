using Amazon.Runtime;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.AwsFacts;

public sealed class StsErrorsTests
{
    [Theory]
    [InlineData("ExpiredToken", "The security token included in the request is expired", StsErrorKind.Expired)]
    [InlineData("ExpiredTokenException", "", StsErrorKind.Expired)]
    [InlineData("InvalidClientTokenId", "The security token included in the request is invalid.", StsErrorKind.InvalidCredentials)]
    [InlineData("RequestTimeTooSkewed", "", StsErrorKind.ClockSkew)]
    [InlineData("SignatureDoesNotMatch", "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z", StsErrorKind.ClockSkew)]
    [InlineData("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", StsErrorKind.SignatureMismatch)]
    [InlineData("AccessDenied", "User is not authorized to perform: sts:AssumeRole", StsErrorKind.AccessDenied)]
    [InlineData("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", StsErrorKind.RoleChainingLimit)]
    [InlineData("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", StsErrorKind.AboveMaxSessionDuration)]
    [InlineData("ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint", StsErrorKind.InvalidRequest)]
    [InlineData("RegionDisabledException", "", StsErrorKind.RegionDisabled)]
    [InlineData("Throttling", "Rate exceeded", StsErrorKind.Other)]
    [InlineData(null, null, StsErrorKind.Other)]
    public void Classify_KnownAnswers_GivesTheirKind(string? code, string? message, StsErrorKind expected)
    {
        Assert.Equal(expected, StsErrors.Classify(code, message));
        Assert.Equal(expected, StsErrors.Classify(new AmazonServiceException(message) { ErrorCode = code }));
    }

    [Theory]
    [InlineData(StsErrorKind.Other, true)]
    [InlineData(StsErrorKind.ClockSkew, true)]
    [InlineData(StsErrorKind.SignatureMismatch, true)]
    [InlineData(StsErrorKind.Expired, false)]
    [InlineData(StsErrorKind.AccessDenied, false)]
    [InlineData(StsErrorKind.RoleChainingLimit, false)]
    [InlineData(StsErrorKind.InvalidRequest, false)]
    public void IsRecoverable_Kind_OnlyWhatARetryCanFix(StsErrorKind kind, bool expected) =>
        Assert.Equal(expected, StsErrors.IsRecoverable(kind));

    [Fact]
    public void From_VariablesWithTilde_ExpandsAgainstTheGivenHome()
    {
        var variables = new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = "~/work/config" };

        var locations = ProfileFileLocations.From(name => variables.GetValueOrDefault(name), "/home/someone");

        Assert.Equal(Path.Combine("/home/someone", "work/config"), locations.ConfigFilePath);
        Assert.Equal(Path.Combine("/home/someone", ".aws", "credentials"), locations.CredentialsFilePath);
        Assert.Equal(Path.Combine("/home/someone", ".aws", "cli", "cache"), CliSessionCache.DefaultDirectory("/home/someone"));
    }

    [Fact]
    public void Analyze_Cycle_FindingNamesEveryProfileOnIt()
    {
        var locations = new ProfileFileLocations("/x/config", "/x/credentials");
        var store = SharedProfileStore.Parse(locations, "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n", null);

        var finding = Assert.Single(ProfileDiagnostics.Analyze(store));

        Assert.Equal(ProfileProblem.ProfileCycle, finding.Problem);
        Assert.Equal(["a", "b"], finding.Profiles.Order(StringComparer.Ordinal));
        Assert.Equal("/x/config", finding.Location.FilePath);
        Assert.True(finding.Location.Line > 0);
    }
}
