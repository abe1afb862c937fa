using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>A temporary folder with a config and a credentials file; paths are passed explicitly, no environment change.</summary>
internal sealed class ProfileTestFiles : IDisposable
{
    public ProfileTestFiles(string? config = null, string? credentials = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "sts-profiles-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ConfigPath = Path.Combine(Directory, "config");
        CredentialsPath = Path.Combine(Directory, "credentials");
        if (config is not null)
        {
            File.WriteAllText(ConfigPath, config);
        }

        if (credentials is not null)
        {
            File.WriteAllText(CredentialsPath, credentials);
        }
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public string CredentialsPath { get; }

    public ProfileFileLocations Locations => new(ConfigPath, CredentialsPath);

    public SharedProfileStore Load() => SharedProfileStore.Load(Locations);

    public RoleProfileChain Resolve(string profile) => RoleProfileResolver.Resolve(Load(), profile);

    public ProfileConfigurationException ResolveFails(string profile)
        => Assert.Throws<ProfileConfigurationException>(() => Resolve(profile));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
