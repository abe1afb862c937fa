using Amazon.SecurityToken;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Where credential resolution reads the outside world: environment variables, the home directory, the shared profile
/// files, and how STS clients are made. <see cref="Process"/> is the real process; tests pass their own, so they never
/// read or write the process's <c>AWS_*</c> variables, and can point every endpoint at LocalSts on 127.0.0.1. This is
/// the internal seam that replaced the test hooks once carried by <see cref="RefreshingRoleCredentialsOptions"/>.
/// </summary>
internal sealed class CredentialEnvironment
{
    /// <summary>Gets the environment of this process, read at each lookup (not cached).</summary>
    public static CredentialEnvironment Process { get; } = new();

    /// <summary>Gets the variable reader; returns <see langword="null"/> for a variable that is not set.</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the profile files to read instead of those the variables name, or <see langword="null"/>.</summary>
    public SharedProfileStore? ProfileStore { get; init; }

    /// <summary>Gets the STS client of each role (each hop of a profile chain) from that role's options, or <see langword="null"/> for the default client.</summary>
    public Func<RefreshingRoleCredentialsOptions, IAmazonSecurityTokenService?>? StsClientFactory { get; init; }

    /// <summary>Gets the profile to use when none is named: <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public string DefaultProfileName => Variable("AWS_PROFILE")?.Trim() is { Length: > 0 } name ? name : "default";

    /// <summary>Gets the shared config and credentials files, as <c>AWS_CONFIG_FILE</c>, <c>AWS_SHARED_CREDENTIALS_FILE</c> and <c>HOME</c> name them here.</summary>
    public ProfileFileLocations ProfileFiles => ProfileStore?.Locations ?? ProfileFileLocations.From(GetVariable, HomeDirectory);

    /// <summary>Gets the directory <c>~</c> stands for: <c>HOME</c>, else <c>USERPROFILE</c>, else the user profile folder.</summary>
    public string HomeDirectory => Variable("HOME") ?? Variable("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Returns the variable's value, or <see langword="null"/> when it is unset or empty.</summary>
    public string? Variable(string name) => GetVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>Reads the profile files (or returns <see cref="ProfileStore"/>).</summary>
    public SharedProfileStore LoadProfiles() => ProfileStore ?? SharedProfileStore.Load(ProfileFiles);
}
