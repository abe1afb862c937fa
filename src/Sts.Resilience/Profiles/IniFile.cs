namespace Sts.Resilience.Profiles;

/// <summary>One <c>[section]</c> of a file, with its keys in file order (a repeated key: the last one wins).</summary>
internal sealed class IniSection
{
    private readonly Dictionary<string, IniEntry> _entries = new(StringComparer.Ordinal);

    public IniSection(string header, SourceLocation location)
    {
        Header = header;
        Location = location;
    }

    /// <summary>The text between the brackets, trimmed (for example <c>profile dev</c>).</summary>
    public string Header { get; }

    /// <summary>Where the header line is.</summary>
    public SourceLocation Location { get; }

    public IReadOnlyCollection<IniEntry> Entries => _entries.Values;

    public bool TryGet(string key, out IniEntry entry) => _entries.TryGetValue(key, out entry!);

    internal void Set(IniEntry entry) => _entries[entry.Key] = entry;
}

/// <summary>
/// Reads the INI dialect of the AWS shared config and credentials files the way the AWS CLI does
/// (Python's configparser): <c>#</c> and <c>;</c> start comment lines, <c>key = value</c> or
/// <c>key: value</c>, keys are case-insensitive (kept lower case), section names are case-sensitive,
/// indented lines continue the previous key (nested settings such as <c>s3 =</c>). Unlike the SDK's
/// own reader it keeps the file and line of every key, so errors and the doctor can point at them.
/// </summary>
internal sealed class IniFile
{
    private IniFile(string path, IReadOnlyList<IniSection> sections, IReadOnlyList<SourceLocation> unparsedLines)
    {
        FilePath = path;
        Sections = sections;
        UnparsedLines = unparsedLines;
    }

    public string FilePath { get; }

    /// <summary>Sections in file order; a header that appears twice gives one merged section (the later keys win).</summary>
    public IReadOnlyList<IniSection> Sections { get; }

    /// <summary>Lines that are neither a comment, a header, a key nor a continuation (the CLI refuses such a file).</summary>
    public IReadOnlyList<SourceLocation> UnparsedLines { get; }

    /// <summary>Reads <paramref name="path"/>; a file that does not exist reads as empty.</summary>
    public static IniFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new IniFile(path, Array.Empty<IniSection>(), Array.Empty<SourceLocation>());
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static IniFile Parse(string path, string text)
    {
        var sections = new List<IniSection>();
        var byHeader = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        var unparsed = new List<SourceLocation>();
        IniSection? current = null;
        var lastKeyInSection = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var location = new SourceLocation(path, i + 1);
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#' || trimmed[0] == ';')
            {
                continue;
            }

            if (char.IsWhiteSpace(raw[0]) && lastKeyInSection)
            {
                // A continuation or a nested setting of the previous key (s3 =\n  max_concurrent_requests = 10):
                // nothing this library reads lives there.
                continue;
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                if (close < 0)
                {
                    unparsed.Add(location);
                    current = null;
                    lastKeyInSection = false;
                    continue;
                }

                var header = trimmed.Substring(1, close - 1).Trim();
                if (!byHeader.TryGetValue(header, out current))
                {
                    current = new IniSection(header, location);
                    byHeader.Add(header, current);
                    sections.Add(current);
                }

                lastKeyInSection = false;
                continue;
            }

            var separator = IndexOfSeparator(trimmed);
            if (current is null || separator <= 0)
            {
                unparsed.Add(location);
                lastKeyInSection = false;
                continue;
            }

#pragma warning disable CA1308 // configparser lower-cases option names; the files use lower-case keys.
            var key = trimmed.Substring(0, separator).Trim().ToLowerInvariant();
#pragma warning restore CA1308
            var value = trimmed.Substring(separator + 1).Trim();
            current.Set(new IniEntry(key, value, location));
            lastKeyInSection = true;
        }

        return new IniFile(path, sections, unparsed);
    }

    private static int IndexOfSeparator(string line)
    {
        var equals = line.IndexOf('=');
        var colon = line.IndexOf(':');
        if (equals < 0)
        {
            return colon;
        }

        return colon < 0 ? equals : Math.Min(equals, colon);
    }
}
