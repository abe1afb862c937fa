using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

public class ProfileDiagnosticsTests
{
    [Fact]
    public void Analyze_StaticSessionToken_ReportsFileAndLineWithoutTheToken()
    {
        using var files = new ProfileTestFiles(credentials: "[pasted]\naws_access_key_id = ASIAEXAMPLE000000001\naws_secret_access_key = s\naws_session_token = IQoJb3JpZ2luX2VjEXAMPLE\n");

        var finding = Assert.Single(ProfileDiagnostics.Analyze(files.Load()));

        Assert.Equal(ProfileFindingKind.StaticSessionToken, finding.Kind);
        Assert.Equal(("pasted", "aws_session_token"), (finding.ProfileName, finding.Key));
        Assert.Equal(new SourceLocation(files.CredentialsPath, 4), finding.Location);
        Assert.DoesNotContain("IQoJb3JpZ2luX2VjEXAMPLE", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLE000000001", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_Cycle_ReportedOnceWithTheCycle()
    {
        using var files = new ProfileTestFiles(config: "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n");

        var finding = Assert.Single(ProfileDiagnostics.Analyze(files.Load()));

        Assert.Equal((ProfileFindingKind.UnusableRoleProfile, ProfileProblem.ProfileCycle), (finding.Kind, finding.Problem));
        Assert.Contains("a -> b -> a", finding.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(files.ConfigPath, 6), finding.Location);
    }

    [Fact]
    public void Analyze_ProfilesLeadingIntoACycle_ReportTheCycleOnce()
    {
        using var files = new ProfileTestFiles(config: "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = x\n[profile x]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = y\n[profile y]\nrole_arn = arn:aws:iam::123456789012:role/y\nsource_profile = x\n");

        var finding = Assert.Single(ProfileDiagnostics.Analyze(files.Load()));

        Assert.Equal(ProfileProblem.ProfileCycle, finding.Problem);
    }

    [Fact]
    public void Analyze_MissingSource_ReportsTheSourceProfileLine()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = gone\n");

        var finding = Assert.Single(ProfileDiagnostics.Analyze(files.Load()));

        Assert.Equal((ProfileFindingKind.UnusableRoleProfile, ProfileProblem.SourceProfileNotFound), (finding.Kind, finding.Problem));
        Assert.Equal(new SourceLocation(files.ConfigPath, 3), finding.Location);
    }

    [Fact]
    public void Analyze_DurationAboveOneHourOnAChainedRole_IsReported()
    {
        using var files = new ProfileTestFiles(
            config: """
                [profile first]
                role_arn = arn:aws:iam::123456789012:role/first
                source_profile = base
                duration_seconds = 43200
                [profile second]
                role_arn = arn:aws:iam::123456789012:role/second
                source_profile = first
                duration_seconds = 7200
                """,
            credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n");

        var finding = Assert.Single(ProfileDiagnostics.Analyze(files.Load()));

        Assert.Equal(ProfileFindingKind.DurationAboveRoleChainingLimit, finding.Kind);
        Assert.Equal("second", finding.ProfileName);
        Assert.Equal(new SourceLocation(files.ConfigPath, 8), finding.Location);
        Assert.Contains("base -> first -> second", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_DurationAboveOneHourOnInstanceProfileSource_IsReported()
    {
        using var files = new ProfileTestFiles(config: "[profile ec2]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Ec2InstanceMetadata\nduration_seconds = 7200\n");

        Assert.Equal(ProfileFindingKind.DurationAboveRoleChainingLimit, Assert.Single(ProfileDiagnostics.Analyze(files.Load())).Kind);
    }

    [Fact]
    public void Analyze_HealthyFiles_ReportNothing()
    {
        using var files = new ProfileTestFiles(
            config: "[default]\nregion = eu-west-1\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nduration_seconds = 43200\n[sso-session corp]\nsso_region = eu-west-1\n",
            credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n");

        Assert.Empty(ProfileDiagnostics.Analyze(files.Load()));
    }

    [Fact]
    public void Analyze_SectionWithoutProfilePrefixAndGarbageLine_AreReported()
    {
        using var files = new ProfileTestFiles(config: "[dev]\nregion = eu-west-1\nthis line is not ini\n");

        var findings = ProfileDiagnostics.Analyze(files.Load());

        Assert.Equal([ProfileFindingKind.IgnoredConfigSection, ProfileFindingKind.UnparsedLine], findings.Select(f => f.Kind));
        Assert.Equal(new SourceLocation(files.ConfigPath, 1), findings[0].Location);
        Assert.Equal(new SourceLocation(files.ConfigPath, 3), findings[1].Location);
    }
}
