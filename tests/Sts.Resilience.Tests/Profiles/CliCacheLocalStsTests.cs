using Sts.Resilience.Profiles;
using Sts.Resilience.Credentials;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>The "done when": a second instance for the same profile is served from the CLI cache, not from STS.</summary>
public sealed class CliCacheLocalStsTests
{
    [Fact]
    public async Task FromProfile_WithCliCache_SecondInstanceMakesZeroAssumeRoleCallsToLocalSts()
    {
        await using var sts = await LocalSts.StartAsync();
        var user = sts.CreateUser("base");
        var role = sts.CreateRole("demo", o => o.ExternalId = "ext-1");
        using var files = new ProfileTestFiles(
            config: $"[profile demo]\nrole_arn = {role.Arn}\nsource_profile = base\nexternal_id = ext-1\nduration_seconds = 3600\n",
            credentials: $"[base]\naws_access_key_id = {user.AccessKeyId}\naws_secret_access_key = {user.SecretAccessKey}\n");
        var cacheDirectory = Path.Combine(files.Directory, "cli-cache");

        RefreshingRoleCredentials Create() => RoleCredentialsFactory.Create(new RefreshingRoleCredentialsOptions
        {
            Profile = "demo",
            ServiceUrl = sts.ServiceUrl,
            Region = sts.Region,
            UseCliCache = true,
            CliCacheDirectory = cacheDirectory,
            BackgroundRefresh = false,
        }, new CredentialEnvironment { ProfileStore = files.Load() }, timeProvider: null, loggerFactory: null);

        string firstKey;
        using (var first = Create())
        {
            firstKey = (await first.GetCredentialsAsync()).AccessKey;
        }

        Assert.Equal(1, sts.Counters.Succeeded(LocalStsActions.AssumeRole));

        using var second = Create();
        var credentials = await second.GetCredentialsAsync();

        Assert.Equal(1, sts.Counters.Count(LocalStsActions.AssumeRole));
        Assert.Equal(firstKey, credentials.AccessKey);

        // The cached session is a real one: LocalSts accepts a call signed with it.
        using var client = sts.CreateStsClient(second);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Contains(":assumed-role/demo/", identity.Arn, StringComparison.Ordinal);
    }
}
