namespace Sts.Resilience.Profiles;

/// <summary>A profile as the AWS CLI sees it: its config-file section merged with its credentials-file section (the credentials file wins per key).</summary>
public sealed class SharedProfile
{
    private readonly Dictionary<string, IniEntry> _settings = new(StringComparer.Ordinal);
    private readonly List<SourceLocation> _sections = [];

    internal SharedProfile(string name) => Name = name;

    /// <summary>Gets the profile's name (<c>dev</c> for <c>[profile dev]</c> in the config file or <c>[dev]</c> in the credentials file).</summary>
    public string Name { get; }

    /// <summary>Gets the section headers that make up this profile (config file first).</summary>
    public IReadOnlyList<SourceLocation> Sections => _sections;

    /// <summary>Gets every key of the profile, each with the file and line it came from.</summary>
    public IReadOnlyCollection<IniEntry> Settings => _settings.Values;

    /// <summary>Gets where to point a reader who wants to see this profile: its first section header.</summary>
    public SourceLocation Location => _sections[0];

    /// <summary>Gets a key's line, with its location.</summary>
    /// <param name="key">The key, in lower case (see <see cref="ProfileKeys"/>).</param>
    /// <param name="entry">The line, when the profile has the key.</param>
    /// <returns><see langword="true"/> when the profile has the key, even with an empty value.</returns>
    public bool TryGet(string key, out IniEntry entry) => _settings.TryGetValue(key, out entry!);

    /// <summary>Gets a key's value.</summary>
    /// <param name="key">The key, in lower case (see <see cref="ProfileKeys"/>).</param>
    /// <returns>The value; <see langword="null"/> when the key is missing or empty.</returns>
    public string? Get(string key) => _settings.TryGetValue(key, out var entry) && entry.Value.Length > 0 ? entry.Value : null;

    /// <summary>Gets whether the profile has a non-empty value for a key.</summary>
    /// <param name="key">The key, in lower case (see <see cref="ProfileKeys"/>).</param>
    /// <returns><see langword="true"/> when <see cref="Get"/> would return a value.</returns>
    public bool Has(string key) => Get(key) is not null;

    internal void Merge(IniSection section)
    {
        _sections.Add(section.Location);
        foreach (var entry in section.Entries)
        {
            _settings[entry.Key] = entry;
        }
    }
}
