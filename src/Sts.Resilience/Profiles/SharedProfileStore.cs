namespace Sts.Resilience.Profiles;

/// <summary>Where the shared config and credentials files are, resolved the way the AWS CLI does.</summary>
internal sealed record ProfileFileLocations(string ConfigFilePath, string CredentialsFilePath)
{
    /// <summary>
    /// <c>AWS_CONFIG_FILE</c> and <c>AWS_SHARED_CREDENTIALS_FILE</c> when set (read now, not cached,
    /// unlike the SDK's <c>SharedCredentialsFile</c> which reads them once per process), otherwise
    /// <c>~/.aws/config</c> and <c>~/.aws/credentials</c>.
    /// </summary>
    public static ProfileFileLocations FromEnvironment()
    {
        var config = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE");
        var credentials = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
        return new ProfileFileLocations(
            string.IsNullOrWhiteSpace(config) ? Path.Combine(HomeDirectory(), ".aws", "config") : ExpandHome(config!),
            string.IsNullOrWhiteSpace(credentials) ? Path.Combine(HomeDirectory(), ".aws", "credentials") : ExpandHome(credentials!));
    }

    /// <summary>The profile to use when none is named: <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public static string DefaultProfileName()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AWS_PROFILE");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? "default" : fromEnvironment!.Trim();
    }

    /// <summary><c>HOME</c>, else <c>USERPROFILE</c>, else the user profile folder (what the CLI and the SDK use for <c>~</c>).</summary>
    public static string HomeDirectory()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable("USERPROFILE");
        }

        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
    }

    internal static string ExpandHome(string path)
    {
        if (path == "~")
        {
            return HomeDirectory();
        }

        return path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? Path.Combine(HomeDirectory(), path.Substring(2))
            : path;
    }
}

/// <summary>A profile as the AWS CLI sees it: its config-file section merged with its credentials-file section (the credentials file wins per key).</summary>
internal sealed class SharedProfile
{
    private readonly Dictionary<string, IniEntry> _settings = new(StringComparer.Ordinal);
    private readonly List<SourceLocation> _sections = [];

    public SharedProfile(string name) => Name = name;

    public string Name { get; }

    /// <summary>The section headers that make up this profile (config file first).</summary>
    public IReadOnlyList<SourceLocation> Sections => _sections;

    /// <summary>Every key of the profile, each with the file and line it came from.</summary>
    public IReadOnlyCollection<IniEntry> Settings => _settings.Values;

    public bool TryGet(string key, out IniEntry entry) => _settings.TryGetValue(key, out entry!);

    public string? Get(string key) => _settings.TryGetValue(key, out var entry) && entry.Value.Length > 0 ? entry.Value : null;

    public bool Has(string key) => Get(key) is not null;

    /// <summary>Where to point a reader who wants to see this profile: its first section header.</summary>
    public SourceLocation Location => _sections[0];

    internal void Merge(IniSection section)
    {
        _sections.Add(section.Location);
        foreach (var entry in section.Entries)
        {
            _settings[entry.Key] = entry;
        }
    }
}

/// <summary>
/// All profiles of the shared config and credentials files, read with file and line of every key.
/// The SDK's <c>SharedCredentialsFile</c> is not used to read them: it keeps no line numbers, drops
/// keys it does not know (<c>duration_seconds</c>), and takes <c>AWS_CONFIG_FILE</c> and
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> once per process in a static constructor (ignoring them when the
/// file does not exist yet). This reader follows the AWS CLI: in the config file <c>[profile name]</c>
/// (and <c>[default]</c>), in the credentials file <c>[name]</c>.
/// </summary>
internal sealed class SharedProfileStore
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

    public ProfileFileLocations Locations { get; }

    /// <summary>Profiles by name.</summary>
    public IReadOnlyDictionary<string, SharedProfile> Profiles => _profiles;

    /// <summary>
    /// Config-file sections named <c>[name]</c> instead of <c>[profile name]</c>: the AWS CLI ignores them,
    /// a frequent reason for "profile not found".
    /// </summary>
    public IReadOnlyList<IniSection> IgnoredConfigSections { get; }

    /// <summary>Lines of either file that are not INI at all.</summary>
    public IReadOnlyList<SourceLocation> UnparsedLines { get; }

    /// <summary>Reads the files the environment points at (see <see cref="ProfileFileLocations.FromEnvironment"/>).</summary>
    public static SharedProfileStore Load() => Load(ProfileFileLocations.FromEnvironment());

    public static SharedProfileStore Load(ProfileFileLocations locations)
    {
        Internal.Guard.NotNull(locations);
        return Create(locations, IniFile.Load(locations.ConfigFilePath), IniFile.Load(locations.CredentialsFilePath));
    }

    /// <summary>Builds the store from file contents (tests and tools that already hold the text).</summary>
    public static SharedProfileStore Parse(ProfileFileLocations locations, string? configText, string? credentialsText)
    {
        Internal.Guard.NotNull(locations);
        return Create(
            locations,
            IniFile.Parse(locations.ConfigFilePath, configText ?? string.Empty),
            IniFile.Parse(locations.CredentialsFilePath, credentialsText ?? string.Empty));
    }

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
