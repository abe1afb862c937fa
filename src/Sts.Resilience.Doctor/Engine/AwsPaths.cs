using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>Where the AWS files are on this host, by the library's rules (the AWS CLI's), for the host's variables and home.</summary>
internal sealed record AwsPaths(string ConfigFile, string CredentialsFile, string CliCacheDirectory)
{
    public static AwsPaths From(DoctorHost host)
    {
        var files = ProfileFileLocations.From(host.GetVariable, host.HomeDirectory);
        return new AwsPaths(files.ConfigFilePath, files.CredentialsFilePath, CliSessionCache.DefaultDirectory(host.HomeDirectory));
    }

    /// <summary>The two profile files, as the library reads them.</summary>
    public ProfileFileLocations ProfileFiles => new(ConfigFile, CredentialsFile);
}
