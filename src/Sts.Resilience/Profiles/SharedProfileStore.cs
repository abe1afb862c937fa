namespace Sts.Resilience.Profiles;

/// <summary>
/// All profiles of the shared config and credentials files, read with file and line of every key.
/// The SDK's <c>SharedCredentialsFile</c> is not used to read them: it keeps no line numbers, drops
/// keys it does not know (<c>duration_seconds</c>), and takes <c>AWS_CONFIG_FILE</c> and
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> once per process in a static constructor (ignoring them when the
/// file does not exist yet). This reader follows the AWS CLI: in the config file <c>[profile name]</c>
/// (and <c>[default]</c>), in the credentials file <c>[name]</c>.
/// </summary>
public sealed class SharedProfileStore
{
    private static readonly HashSet<string> NonProfileConfigSections = new(StringComparer.Ordinal) { "sso-session", "services", "plugins", "preview" };
    private readonly Dictionary<string, SharedProfile> _profiles;

    private SharedProfileStore(ProfileFileLocations locations, Dictionary<string, SharedProfile> profiles, IReadOnlyList<IniSection> ignoredConfigSections, IReadOnlyList<SourceLocation> unparsedLines)
    {
        Locations = locations;
        _profiles = profiles;
        IgnoredConfigSections = ignoredConfigSections;
        UnparsedLines = unparsedLines;
    }

    /// <summary>Gets the files the profiles were read from.</summary>
    public ProfileFileLocations Locations { get; }

    /// <summary>Gets the profiles by name.</summary>
    public IReadOnlyDictionary<string, SharedProfile> Profiles => _profiles;

    /// <summary>
    /// Config-file sections named <c>[name]</c> instead of <c>[profile name]</c>: the AWS CLI ignores them,
    /// a frequent reason for "profile not found".
    /// </summary>
    internal IReadOnlyList<IniSection> IgnoredConfigSections { get; }

    /// <summary>Gets the lines of either file that are not INI at all (the AWS CLI refuses such a file).</summary>
    public IReadOnlyList<SourceLocation> UnparsedLines { get; }

    /// <summary>Reads the files the environment points at (see <see cref="ProfileFileLocations.FromEnvironment"/>).</summary>
    /// <returns>The profiles; none when neither file exists.</returns>
    /// <exception cref="IOException">Thrown when a file exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when a file may not be read.</exception>
    public static SharedProfileStore Load() => Load(ProfileFileLocations.FromEnvironment());

    /// <summary>Reads the two files <paramref name="locations"/> names; a file that does not exist reads as empty.</summary>
    /// <param name="locations">The files.</param>
    /// <returns>The profiles.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="locations"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">Thrown when a file exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when a file may not be read.</exception>
    public static SharedProfileStore Load(ProfileFileLocations locations)
    {
        Internal.Guard.NotNull(locations);
        return Create(locations, IniFile.Load(locations.ConfigFilePath), IniFile.Load(locations.CredentialsFilePath));
    }

    /// <summary>Builds the store from file contents (tests and tools that already hold the text).</summary>
    /// <param name="locations">The paths to name in locations and messages.</param>
    /// <param name="configText">The config file's text; <see langword="null"/> for none.</param>
    /// <param name="credentialsText">The credentials file's text; <see langword="null"/> for none.</param>
    /// <returns>The profiles.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="locations"/> is <see langword="null"/>.</exception>
    public static SharedProfileStore Parse(ProfileFileLocations locations, string? configText, string? credentialsText)
    {
        Internal.Guard.NotNull(locations);
        return Create(
            locations,
            IniFile.Parse(locations.ConfigFilePath, configText ?? string.Empty),
            IniFile.Parse(locations.CredentialsFilePath, credentialsText ?? string.Empty));
    }

    /// <summary>Gets a profile by name.</summary>
    /// <param name="name">The profile name.</param>
    /// <param name="profile">The profile, when it exists.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool TryGetProfile(string name, out SharedProfile profile) => _profiles.TryGetValue(name, out profile!);

    private static SharedProfileStore Create(ProfileFileLocations locations, IniFile config, IniFile credentials)
    {
        var profiles = new Dictionary<string, SharedProfile>(StringComparer.Ordinal);
        var ignored = new List<IniSection>();
        foreach (var section in config.Sections)
        {
            string name;
            if (section.Header.StartsWith("profile", StringComparison.Ordinal) && section.Header.Length > 7 && char.IsWhiteSpace(section.Header[7]))
            {
                name = section.Header.Substring(8).Trim();
            }
            else if (section.Header == "default")
            {
                name = "default";
            }
            else
            {
                var firstWord = section.Header.Split(' ')[0];
                if (!NonProfileConfigSections.Contains(firstWord))
                {
                    ignored.Add(section);
                }

                continue;
            }

            GetOrAdd(profiles, name).Merge(section);
        }

        foreach (var section in credentials.Sections)
        {
            GetOrAdd(profiles, section.Header).Merge(section);
        }

        var unparsed = config.UnparsedLines.Concat(credentials.UnparsedLines).ToArray();
        return new SharedProfileStore(locations, profiles, ignored, unparsed);
    }

    private static SharedProfile GetOrAdd(Dictionary<string, SharedProfile> profiles, string name)
    {
        if (!profiles.TryGetValue(name, out var profile))
        {
            profile = new SharedProfile(name);
            profiles.Add(name, profile);
        }

        return profile;
    }
}
