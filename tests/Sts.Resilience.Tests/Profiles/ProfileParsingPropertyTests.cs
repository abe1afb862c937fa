using Sts.Resilience.Credentials;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.Tests.TestSupport;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Whatever the shared config and credentials files hold, reading them gives a profile set, and turning a profile into
/// role credentials gives a plan or a <see cref="ProfileConfigurationException"/> that says what is wrong; never another
/// exception.
/// </summary>
public sealed class ProfileParsingPropertyTests(ITestOutputHelper output)
{
    private static readonly ProfileFileLocations Locations = new("/nowhere/.aws/config", "/nowhere/.aws/credentials");

    [Fact]
    public void ParseAndResolve_GeneratedFiles_ProfileSetOrProfileConfigurationException()
        => Gen.Select(ProfileFileGenerators.FileText, ProfileFileGenerators.FileText)
            .Sample((config, credentials) => ReadAndResolve(SharedProfileStore.Parse(Locations, config, credentials)),
                iter: PropertyRuns.IoIterations, threads: PropertyRuns.Threads, writeLine: output.WriteLine);

    [Fact]
    public void Load_GeneratedBytesOnDisk_ProfileSetOrProfileConfigurationException()
    {
        var directory = Directory.CreateTempSubdirectory("sts-resilience-ini-").FullName;
        try
        {
            Gen.Select(ProfileFileGenerators.FileBytes, ProfileFileGenerators.FileBytes).Sample(
                (config, credentials) =>
                {
                    var name = Guid.NewGuid().ToString("N");
                    var locations = new ProfileFileLocations(Path.Combine(directory, name + ".config"), Path.Combine(directory, name + ".credentials"));
                    File.WriteAllBytes(locations.ConfigFilePath, config);
                    File.WriteAllBytes(locations.CredentialsFilePath, credentials);
                    try
                    {
                        ReadAndResolve(SharedProfileStore.Load(locations));
                    }
                    finally
                    {
                        File.Delete(locations.ConfigFilePath);
                        File.Delete(locations.CredentialsFilePath);
                    }
                },
                iter: PropertyRuns.IoIterations, threads: PropertyRuns.Threads, writeLine: output.WriteLine);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("75uvny9dKZg4")] // role_arn = "==" reached the options validator and came out as an ArgumentException
    public void ParseAndResolve_FailingSeeds_ProfileSetOrProfileConfigurationException(string seed)
        => Gen.Select(ProfileFileGenerators.FileText, ProfileFileGenerators.FileText)
            .Sample((config, credentials) => ReadAndResolve(SharedProfileStore.Parse(Locations, config, credentials)), seed: seed, iter: 1, threads: 1);

    [Fact]
    public void Build_SsoSourceProfileInAFileTheSdkRefuses_ProfileConfigurationExceptionWithoutTheLine()
    {
        // Seed 9ldgBUFJSRu1 of Load_GeneratedBytesOnDisk: the SDK's reader threw InvalidDataException quoting the line.
        var directory = Directory.CreateTempSubdirectory("sts-resilience-ini-").FullName;
        try
        {
            var locations = new ProfileFileLocations(Path.Combine(directory, "config"), Path.Combine(directory, "credentials"));
            File.WriteAllText(locations.ConfigFilePath, "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = sso\n[profile sso]\nsso_session = s\n");
            File.WriteAllText(locations.CredentialsFilePath, "[other]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nsecret-without-separator\n");
            var store = SharedProfileStore.Load(locations);

            var ex = Assert.Throws<ProfileConfigurationException>(() => ProfileChainBuilder.Build(
                new RefreshingRoleCredentialsOptions { Profile = "app", Region = "us-east-1" }, new CredentialEnvironment { ProfileStore = store }, new FakeTimeProvider(), loggerFactory: null));

            Assert.DoesNotContain("secret-without-separator", ex.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("role_arn = ==")]
    [InlineData("role_arn = =arn:aws:iam::12:role/x")]
    [InlineData("role_arn = arn:aws:iam::123456789012:role/app\nrole_session_name = a b")]
    public void Build_RoleSettingsStsWouldRefuse_ProfileConfigurationExceptionNamingTheProfile(string roleLines)
    {
        var config = "[profile app]\n" + roleLines + "\nsource_profile = keys\n";
        var store = SharedProfileStore.Parse(Locations, config, "[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secret\n");

        var ex = Assert.Throws<ProfileConfigurationException>(() => ProfileChainBuilder.Build(
            new RefreshingRoleCredentialsOptions { Profile = "app", Region = "us-east-1" }, new CredentialEnvironment { ProfileStore = store }, new FakeTimeProvider(), loggerFactory: null));

        Assert.Equal("app", ex.ProfileName);
        Assert.Equal(Locations.ConfigFilePath, ex.FilePath);
        Assert.Equal(2, ex.LineNumber);
    }

    [Fact]
    public void Parse_HugeLines_ProfileSetOrProfileConfigurationException()
        => Gen.Select(Gen.Int[10_000, 400_000], Gen.OneOf("[", "role_arn = ", "#", "[profile ", " ", "x"), Gen.Char, ProfileFileGenerators.FileText,
                (length, prefix, filler, tail) => "[default]\n" + prefix + new string(filler, length) + "\n" + tail)
            .Sample(config => ReadAndResolve(SharedProfileStore.Parse(Locations, config, config)),
                iter: 50, threads: PropertyRuns.Threads, print: text => $"{text.Length} characters: {text[..Math.Min(80, text.Length)]}...", writeLine: output.WriteLine);

    [Fact]
    public void Parse_DuplicateSectionsAndKeys_LaterKeysWin()
        => Gen.Select(Gen.OneOf("default", "profile dev", "dev"), Gen.Int[1, 5])
            .Sample((header, repeats) =>
            {
                // The same section repeated, each time with a region: the profile set has one profile, with the last region.
                var text = string.Concat(Enumerable.Range(0, repeats).Select(i => $"[{header}]\nregion = r{i}\n"));
                var store = SharedProfileStore.Parse(Locations, header == "dev" ? string.Empty : text, header == "dev" ? text : string.Empty);
                var profile = Assert.Single(store.Profiles.Values, p => p.Name is "default" or "dev");
                Assert.Equal($"r{repeats - 1}", profile.Get("region"));
                ReadAndResolve(store);
            },
            iter: PropertyRuns.IoIterations, threads: PropertyRuns.Threads, writeLine: output.WriteLine);

    private static void ReadAndResolve(SharedProfileStore store)
    {
        ProfileDiagnostics.Analyze(store);
        foreach (var name in store.Profiles.Keys.Append("default").Append("no-such-profile"))
        {
            try
            {
                RoleProfileResolver.Resolve(store, name);
            }
            catch (ProfileConfigurationException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }

            if (store.Profiles.Values.Any(p => p.Settings.Any(e => e.Key == ProfileKeys.CredentialProcess)))
            {
                continue; // never build a plan around a command line made of random text (see ProfileFileGenerators)
            }

            try
            {
                using var plan = ProfileChainBuilder.Build(
                    new RefreshingRoleCredentialsOptions { Profile = name, Region = "us-east-1" },
                    new CredentialEnvironment { ProfileStore = store },
                    new FakeTimeProvider(),
                    loggerFactory: null);
            }
            catch (ProfileConfigurationException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }
}
