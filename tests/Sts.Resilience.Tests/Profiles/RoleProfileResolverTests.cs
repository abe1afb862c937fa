using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

public class RoleProfileResolverTests
{
    private const string Keys = """
        [base]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        """;

    [Fact]
    public void Resolve_RoleProfileWithEveryKey_ReadsEachKeyAndItsLine()
    {
        using var files = new ProfileTestFiles(
            config: """
                # comment
                [profile dev]
                role_arn = arn:aws:iam::123456789012:role/dev
                source_profile = base
                role_session_name = alice
                external_id = ext-1
                mfa_serial = arn:aws:iam::123456789012:mfa/alice
                duration_seconds = 7200
                region = eu-west-1
                """,
            credentials: Keys);

        var chain = files.Resolve("dev");

        var hop = Assert.Single(chain.Hops);
        Assert.Equal("dev", hop.ProfileName);
        Assert.Equal("arn:aws:iam::123456789012:role/dev", hop.RoleArn);
        Assert.Equal("alice", hop.RoleSessionName);
        Assert.Equal("ext-1", hop.ExternalId);
        Assert.Equal("arn:aws:iam::123456789012:mfa/alice", hop.MfaSerial);
        Assert.Equal(7200, hop.DurationSeconds);
        Assert.Equal("eu-west-1", hop.Region);
        Assert.Equal(new SourceLocation(files.ConfigPath, 3), hop.RoleArnLocation);
        Assert.Equal(new SourceLocation(files.ConfigPath, 8), hop.DurationSecondsLocation);
        Assert.False(hop.IsRoleChaining);
        var source = Assert.IsType<StaticKeysSource>(chain.Source);
        Assert.Equal("base", source.ProfileName);
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", source.AccessKeyId);
        Assert.Null(source.SessionToken);
        Assert.Equal(new SourceLocation(files.CredentialsPath, 2), source.Location);
    }

    [Fact]
    public void Resolve_OptionalKeysAbsent_AreNull()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n", credentials: Keys);

        var hop = Assert.Single(files.Resolve("dev").Hops);

        Assert.Null(hop.RoleSessionName);
        Assert.Null(hop.ExternalId);
        Assert.Null(hop.MfaSerial);
        Assert.Null(hop.DurationSeconds);
        Assert.Null(hop.Region);
    }

    [Fact]
    public void Resolve_ProfileInCredentialsFile_UsesPlainSectionName()
    {
        using var files = new ProfileTestFiles(credentials: Keys + "\n[dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n");

        Assert.Equal("arn:aws:iam::123456789012:role/dev", Assert.Single(files.Resolve("dev").Hops).RoleArn);
    }

    [Fact]
    public void Resolve_SameProfileInBothFiles_CredentialsFileWinsPerKey()
    {
        using var files = new ProfileTestFiles(
            config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/from-config\nregion = eu-west-1\nsource_profile = base\n",
            credentials: Keys + "\n[dev]\nrole_arn = arn:aws:iam::123456789012:role/from-credentials\n");

        var hop = Assert.Single(files.Resolve("dev").Hops);

        Assert.Equal("arn:aws:iam::123456789012:role/from-credentials", hop.RoleArn);
        Assert.Equal(files.CredentialsPath, hop.RoleArnLocation.FilePath);
        Assert.Equal("eu-west-1", hop.Region);
    }

    [Fact]
    public void Resolve_DefaultSectionInConfigFile_IsTheDefaultProfile()
    {
        using var files = new ProfileTestFiles(config: "[default]\nrole_arn = arn:aws:iam::123456789012:role/d\nsource_profile = base\n", credentials: Keys);

        Assert.Equal("arn:aws:iam::123456789012:role/d", Assert.Single(files.Resolve("default").Hops).RoleArn);
    }

    [Fact]
    public void Resolve_IniDialect_ColonSeparatorsUpperCaseKeysAndNestedSettings()
    {
        using var files = new ProfileTestFiles(
            config: """
                [profile dev]
                ROLE_ARN: arn:aws:iam::123456789012:role/dev
                s3 =
                    max_concurrent_requests = 20
                ; a comment
                Source_Profile=base
                """,
            credentials: Keys);

        var chain = files.Resolve("dev");

        Assert.Equal("arn:aws:iam::123456789012:role/dev", chain.Target.RoleArn);
        Assert.Equal("base", chain.Source.ProfileName);
    }

    [Fact]
    public void Resolve_ChainOfThree_OrdersHopsFromSourceToTarget()
    {
        using var files = new ProfileTestFiles(
            config: """
                [profile a]
                role_arn = arn:aws:iam::111111111111:role/a
                source_profile = base
                duration_seconds = 7200
                [profile b]
                role_arn = arn:aws:iam::222222222222:role/b
                source_profile = a
                [profile c]
                role_arn = arn:aws:iam::333333333333:role/c
                source_profile = b
                region = us-west-2
                """,
            credentials: Keys);

        var chain = files.Resolve("c");

        Assert.Equal(["a", "b", "c"], chain.Hops.Select(h => h.ProfileName));
        Assert.Equal("c", chain.Target.ProfileName);
        Assert.Equal([false, true, true], chain.Hops.Select(h => h.IsRoleChaining));
        Assert.Equal("base -> a -> b -> c", chain.Describe());
        Assert.IsType<StaticKeysSource>(chain.Source);
    }

    [Theory]
    [InlineData("Environment", null)]
    [InlineData("Ec2InstanceMetadata", true)]
    [InlineData("EcsContainer", true)]
    public void Resolve_CredentialSource_EndsTheChain(string value, bool? chaining)
    {
        using var files = new ProfileTestFiles(config: $"[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\ncredential_source = {value}\n");

        var chain = files.Resolve("dev");

        var source = Assert.IsType<CredentialSourceReference>(chain.Source);
        Assert.Equal(value, source.Kind.ToString());
        Assert.Equal(new SourceLocation(files.ConfigPath, 3), source.Location);
        Assert.Equal(chaining, chain.Target.IsRoleChaining);
    }

    [Fact]
    public void Resolve_SourceWithStaticSessionToken_IsRoleChaining()
    {
        using var files = new ProfileTestFiles(
            config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n",
            credentials: Keys + "\naws_session_token = FwoGZXIvYXdzEXAMPLE\n");

        var chain = files.Resolve("dev");

        var source = Assert.IsType<StaticKeysSource>(chain.Source);
        Assert.Equal("FwoGZXIvYXdzEXAMPLE", source.SessionToken);
        Assert.True(chain.Target.IsRoleChaining);
        Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLE", source.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SourceProfileWithKeysAndRoleArn_UsesTheKeysLikeTheCli()
    {
        using var files = new ProfileTestFiles(
            config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n[profile base]\nrole_arn = arn:aws:iam::123456789012:role/ignored\nsource_profile = elsewhere\n",
            credentials: Keys);

        var chain = files.Resolve("dev");

        Assert.Single(chain.Hops);
        Assert.IsType<StaticKeysSource>(chain.Source);
    }

    [Fact]
    public void Resolve_ProfileNamingItselfWithStaticKeys_UsesItsOwnKeys()
    {
        using var files = new ProfileTestFiles(credentials: "[self]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\nrole_arn = arn:aws:iam::123456789012:role/self\nsource_profile = self\n");

        var chain = files.Resolve("self");

        Assert.Equal("self", Assert.IsType<StaticKeysSource>(chain.Source).ProfileName);
        Assert.Equal("self", Assert.Single(chain.Hops).ProfileName);
    }

    [Fact]
    public void Resolve_CredentialProcessSource_IsKept()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = proc\n[profile proc]\ncredential_process = /usr/bin/get-creds --json\n");

        var source = Assert.IsType<ProcessSource>(files.Resolve("dev").Source);

        Assert.Equal("/usr/bin/get-creds --json", source.Command);
    }

    [Fact]
    public void Resolve_SsoSource_IsLeftToTheSdk()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = sso\n[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n");

        Assert.IsType<SdkProfileSource>(files.Resolve("dev").Source);
    }

    [Fact]
    public void Resolve_Cycle_NamesTheCycle()
    {
        using var files = new ProfileTestFiles(config: """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = a
            """);

        var ex = files.ResolveFails("a");

        Assert.Equal(ProfileProblem.ProfileCycle, ex.Problem);
        Assert.Contains("a -> b -> a", ex.Message, StringComparison.Ordinal);
        Assert.Equal("b", ex.ProfileName);
        Assert.Equal(files.ConfigPath, ex.FilePath);
        Assert.Equal(6, ex.LineNumber);
        Assert.Equal("source_profile", ex.Key);
    }

    [Fact]
    public void Resolve_CycleFurtherDownTheChain_NamesOnlyTheLoop()
    {
        using var files = new ProfileTestFiles(config: """
            [profile top]
            role_arn = arn:aws:iam::123456789012:role/top
            source_profile = x
            [profile x]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = y
            [profile y]
            role_arn = arn:aws:iam::123456789012:role/y
            source_profile = x
            """);

        var ex = files.ResolveFails("top");

        Assert.Contains("cycle x -> y -> x", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'top'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RoleProfileNamingItselfWithoutKeys_IsACycle()
    {
        using var files = new ProfileTestFiles(config: "[profile me]\nrole_arn = arn:aws:iam::123456789012:role/me\nsource_profile = me\n");

        var ex = files.ResolveFails("me");

        Assert.Contains("me -> me", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingProfile_NamesProfileAndBothFiles()
    {
        using var files = new ProfileTestFiles(config: "[profile other]\nregion = eu-west-1\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.ProfileNotFound, ex.Problem);
        Assert.Equal("dev", ex.ProfileName);
        Assert.Equal(files.ConfigPath, ex.FilePath);
        Assert.Null(ex.LineNumber);
        Assert.Equal(
            $"The AWS profile 'dev' does not exist: it is neither [profile dev] in the config file {files.ConfigPath} nor [dev] in the credentials file {files.CredentialsPath}.",
            ex.Message);
    }

    [Fact]
    public void Resolve_ProfileWrittenWithoutPrefixInConfigFile_SaysToRenameIt()
    {
        using var files = new ProfileTestFiles(config: "[dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\n");

        var ex = files.ResolveFails("dev");

        Assert.Contains("rename it [profile dev]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.LineNumber);
    }

    [Fact]
    public void Resolve_PrefixedSectionInCredentialsFile_IsNotThatProfile()
    {
        using var files = new ProfileTestFiles(credentials: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\n");

        Assert.Equal(ProfileProblem.ProfileNotFound, files.ResolveFails("dev").Problem);
    }

    [Fact]
    public void Resolve_MissingSourceProfile_NamesProfileFileLineAndKey()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = nowhere\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.SourceProfileNotFound, ex.Problem);
        Assert.Equal(("dev", files.ConfigPath, 3, "source_profile"), (ex.ProfileName, ex.FilePath, ex.LineNumber, ex.Key));
        Assert.Equal(
            $"Profile 'dev' names source_profile 'nowhere' ({files.ConfigPath}:3), which does not exist in {files.ConfigPath} (as [profile nowhere]) or {files.CredentialsPath} (as [nowhere]).",
            ex.Message);
    }

    [Fact]
    public void Resolve_BothSourceProfileAndCredentialSource_NamesBothLines()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\ncredential_source = Environment\n", credentials: Keys);

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.SourceProfileAndCredentialSource, ex.Problem);
        Assert.Equal(("dev", files.ConfigPath, 4, "credential_source"), (ex.ProfileName, ex.FilePath, ex.LineNumber, ex.Key));
        Assert.Equal(
            $"Profile 'dev' sets both source_profile ({files.ConfigPath}:3) and credential_source ({files.ConfigPath}:4): keep exactly one of them.",
            ex.Message);
    }

    [Theory]
    [InlineData("one hour")]
    [InlineData("3600s")]
    [InlineData("3600.5")]
    [InlineData("")]
    public void Resolve_MalformedDurationSeconds_NamesProfileFileLineAndKey(string value)
    {
        using var files = new ProfileTestFiles(config: $"[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nduration_seconds = {value}\n", credentials: Keys);

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.MalformedDurationSeconds, ex.Problem);
        Assert.Equal(("dev", files.ConfigPath, 4, "duration_seconds"), (ex.ProfileName, ex.FilePath, ex.LineNumber, ex.Key));
        Assert.Equal(
            $"Profile 'dev' has duration_seconds = '{value}' ({files.ConfigPath}:4), which is not a whole number of seconds: STS accepts 900 to 43200 (at most 3600 when the source is itself a role).",
            ex.Message);
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    public void Resolve_DurationSecondsOutOfRange_SaysTheRange(int value)
    {
        using var files = new ProfileTestFiles(config: $"[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nduration_seconds = {value}\n", credentials: Keys);

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.MalformedDurationSeconds, ex.Problem);
        Assert.Contains($"duration_seconds = {value}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("900 to 43200", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("900")]
    [InlineData("43200")]
    [InlineData(" 3600 ")]
    public void Resolve_DurationSecondsAtTheLimits_IsAccepted(string value)
    {
        using var files = new ProfileTestFiles(config: $"[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nduration_seconds = {value}\n", credentials: Keys);

        Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), files.Resolve("dev").Target.DurationSeconds);
    }

    [Fact]
    public void Resolve_RoleSettingsWithoutRoleArn_NamesTheKeyAndRoleArn()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nregion = eu-west-1\nsource_profile = base\n", credentials: Keys);

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.RoleSettingsWithoutRoleArn, ex.Problem);
        Assert.Equal(("dev", files.ConfigPath, 3, "role_arn"), (ex.ProfileName, ex.FilePath, ex.LineNumber, ex.Key));
        Assert.Equal(
            $"Profile 'dev' sets source_profile ({files.ConfigPath}:3) but has no role_arn: add role_arn = arn:aws:iam::<account>:role/<name> to the profile, or remove source_profile.",
            ex.Message);
    }

    [Fact]
    public void Resolve_ProfileWithOnlyKeys_IsNotARoleProfile()
    {
        using var files = new ProfileTestFiles(credentials: Keys);

        var ex = files.ResolveFails("base");

        Assert.Equal(ProfileProblem.NotARoleProfile, ex.Problem);
        Assert.Equal(("base", files.CredentialsPath, 1, "role_arn"), (ex.ProfileName, ex.FilePath, ex.LineNumber, ex.Key));
    }

    [Fact]
    public void Resolve_RoleWithoutAnySource_SaysWhatToAdd()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.NoSourceForRole, ex.Problem);
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("neither source_profile nor credential_source", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownCredentialSource_ListsTheAcceptedValues()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\ncredential_source = ec2instancemetadata\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.UnknownCredentialSource, ex.Problem);
        Assert.Equal((3, "credential_source"), (ex.LineNumber, ex.Key));
        Assert.Contains("Environment, Ec2InstanceMetadata and EcsContainer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SourceProfileWithoutCredentials_SaysWhatItNeeds()
    {
        using var files = new ProfileTestFiles(config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = empty\n[profile empty]\nregion = eu-west-1\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.SourceProfileWithoutCredentials, ex.Problem);
        Assert.Contains("'empty'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SourceWithAccessKeyButNoSecret_NamesTheMissingKey()
    {
        using var files = new ProfileTestFiles(
            config: "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n",
            credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");

        var ex = files.ResolveFails("dev");

        Assert.Equal(ProfileProblem.IncompleteStaticCredentials, ex.Problem);
        Assert.Equal(("base", "aws_secret_access_key"), (ex.ProfileName, ex.Key));
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FilesThatDoNotExist_ReportAMissingProfile()
    {
        using var files = new ProfileTestFiles();

        Assert.Equal(ProfileProblem.ProfileNotFound, files.ResolveFails("default").Problem);
    }
}
