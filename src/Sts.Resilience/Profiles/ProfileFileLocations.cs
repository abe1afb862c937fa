namespace Sts.Resilience.Profiles;

/// <summary>Where the shared config and credentials files are, resolved the way the AWS CLI does.</summary>
/// <param name="ConfigFilePath">The shared config file (<c>~/.aws/config</c> unless <c>AWS_CONFIG_FILE</c> says otherwise).</param>
/// <param name="CredentialsFilePath">The shared credentials file (<c>~/.aws/credentials</c> unless <c>AWS_SHARED_CREDENTIALS_FILE</c> says otherwise).</param>
public sealed record ProfileFileLocations(string ConfigFilePath, string CredentialsFilePath)
{
    /// <summary>
    /// <c>AWS_CONFIG_FILE</c> and <c>AWS_SHARED_CREDENTIALS_FILE</c> when set (read now, not cached,
    /// unlike the SDK's <c>SharedCredentialsFile</c> which reads them once per process), otherwise
    /// <c>~/.aws/config</c> and <c>~/.aws/credentials</c>.
    /// </summary>
    /// <returns>The two paths, with a leading <c>~</c> expanded.</returns>
    public static ProfileFileLocations FromEnvironment() => From(Environment.GetEnvironmentVariable, HomeDirectory());

    /// <summary>
    /// The same rule as <see cref="FromEnvironment"/>, with the variables and the home directory given: for a tool that
    /// examines another environment than its own, or a test.
    /// </summary>
    /// <param name="getVariable">Reads an environment variable; <see langword="null"/> when it is not set.</param>
    /// <param name="homeDirectory">The directory <c>~</c> stands for.</param>
    /// <returns>The two paths, with a leading <c>~</c> expanded.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static ProfileFileLocations From(Func<string, string?> getVariable, string homeDirectory)
    {
        Internal.Guard.NotNull(getVariable);
        Internal.Guard.NotNull(homeDirectory);
        var config = getVariable("AWS_CONFIG_FILE");
        var credentials = getVariable("AWS_SHARED_CREDENTIALS_FILE");
        return new ProfileFileLocations(
            string.IsNullOrWhiteSpace(config) ? Path.Combine(homeDirectory, ".aws", "config") : ExpandHome(config!, homeDirectory),
            string.IsNullOrWhiteSpace(credentials) ? Path.Combine(homeDirectory, ".aws", "credentials") : ExpandHome(credentials!, homeDirectory));
    }

    /// <summary>The profile to use when none is named: <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    /// <returns>A profile name.</returns>
    public static string DefaultProfileName()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AWS_PROFILE");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? "default" : fromEnvironment!.Trim();
    }

    /// <summary><c>HOME</c>, else <c>USERPROFILE</c>, else the user profile folder (what the CLI and the SDK use for <c>~</c>).</summary>
    /// <returns>A directory path.</returns>
    public static string HomeDirectory()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable("USERPROFILE");
        }

        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
    }

    /// <summary>Expands a leading <c>~</c> (alone, or followed by <c>/</c> or <c>\\</c>) to <see cref="HomeDirectory"/>, as the AWS CLI does for these variables.</summary>
    /// <param name="path">A path, perhaps starting with <c>~</c>.</param>
    /// <returns>The path with <c>~</c> expanded; any other path unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="path"/> is <see langword="null"/>.</exception>
    public static string ExpandHome(string path) => ExpandHome(path, HomeDirectory());

    /// <summary>Expands a leading <c>~</c> (alone, or followed by <c>/</c> or <c>\\</c>) to <paramref name="homeDirectory"/>.</summary>
    /// <param name="path">A path, perhaps starting with <c>~</c>.</param>
    /// <param name="homeDirectory">The directory <c>~</c> stands for.</param>
    /// <returns>The path with <c>~</c> expanded; any other path unchanged.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static string ExpandHome(string path, string homeDirectory)
    {
        Internal.Guard.NotNull(path);
        Internal.Guard.NotNull(homeDirectory);
        if (path == "~")
        {
            return homeDirectory;
        }

        return path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? Path.Combine(homeDirectory, path.Substring(2))
            : path;
    }
}
