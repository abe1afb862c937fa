using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sts.Resilience.Profiles;

/// <summary>
/// The AssumeRole arguments that name an AWS CLI cache entry. Only what the user set counts: a
/// session name the CLI made up, or a duration left at the default, is not part of the key.
/// </summary>
internal sealed record CliCacheKeyArguments(string RoleArn)
{
    /// <summary>The session name, only when the user chose it (<c>role_session_name</c> or an explicit option).</summary>
    public string? RoleSessionName { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>The MFA device (<c>mfa_serial</c>), sent as <c>SerialNumber</c>.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>Only when set explicitly (<c>duration_seconds</c> or an explicit option).</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>An inline session policy (JSON text); the CLI parses it so that key order does not matter.</summary>
    public string? Policy { get; init; }

    // The CLI never sends these for a profile, so no CLI entry has them: they only keep sessions
    // with other policies, tags or source identity apart.
    public IReadOnlyList<string>? PolicyArns { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public IReadOnlyList<string>? TransitiveTagKeys { get; init; }

    public string? SourceIdentity { get; init; }
}

/// <summary>
/// Computes the AWS CLI's cache file name: the hex SHA-1 of Python's
/// <c>json.dumps(args, sort_keys=True)</c> over the AssumeRole arguments, with the inline policy parsed
/// into an object first (as the CLI does). The JSON is produced exactly as Python writes it:
/// separators <c>", "</c> and <c>": "</c>, keys sorted by code point, every character outside
/// printable ASCII escaped as lower-case <c>\uXXXX</c> (surrogate pairs above U+FFFF), <c>/</c> left alone.
/// </summary>
internal static class CliCacheKey
{
    /// <summary>The file name (without directory) for <paramref name="arguments"/>: <c>&lt;sha1&gt;.json</c>.</summary>
    public static string FileName(CliCacheKeyArguments arguments) => Compute(arguments) + ".json";

    /// <summary>The lower-case hex SHA-1 that names the entry.</summary>
    public static string Compute(CliCacheKeyArguments arguments)
    {
        Internal.Guard.NotNull(arguments);
        var json = CanonicalJson(arguments);
#pragma warning disable CA5350 // SHA-1 names a file, as the AWS CLI does; it protects nothing.
#if NET8_0_OR_GREATER
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(json));
#else
        using var sha1 = SHA1.Create();
        var hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(json));
#endif
#pragma warning restore CA5350
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>The JSON text that is hashed (exposed for tests and for the doctor to explain a miss).</summary>
    public static string CanonicalJson(CliCacheKeyArguments arguments)
    {
        Internal.Guard.NotNull(arguments);
        var members = new List<KeyValuePair<string, Action<StringBuilder>>>
        {
            new("RoleArn", sb => PythonJson.WriteString(sb, arguments.RoleArn)),
        };
        if (arguments.RoleSessionName is { } sessionName)
        {
            members.Add(new("RoleSessionName", sb => PythonJson.WriteString(sb, sessionName)));
        }

        if (arguments.ExternalId is { } externalId)
        {
            members.Add(new("ExternalId", sb => PythonJson.WriteString(sb, externalId)));
        }

        if (arguments.SerialNumber is { } serial)
        {
            members.Add(new("SerialNumber", sb => PythonJson.WriteString(sb, serial)));
        }

        if (arguments.DurationSeconds is { } duration)
        {
            members.Add(new("DurationSeconds", sb => sb.Append(duration.ToString(CultureInfo.InvariantCulture))));
        }

        if (arguments.Policy is { } policy)
        {
            members.Add(new("Policy", sb => PythonJson.WriteParsedOrString(sb, policy)));
        }

        if (arguments.PolicyArns is { } policyArns)
        {
            members.Add(new("PolicyArns", sb => PythonJson.WriteStringArray(sb, policyArns)));
        }

        if (arguments.Tags is { } tags)
        {
            members.Add(new("Tags", sb => PythonJson.WriteObject(sb, tags.Select(t => new KeyValuePair<string, Action<StringBuilder>>(t.Key, inner => PythonJson.WriteString(inner, t.Value))))));
        }

        if (arguments.TransitiveTagKeys is { } transitive)
        {
            members.Add(new("TransitiveTagKeys", sb => PythonJson.WriteStringArray(sb, transitive)));
        }

        if (arguments.SourceIdentity is { } sourceIdentity)
        {
            members.Add(new("SourceIdentity", sb => PythonJson.WriteString(sb, sourceIdentity)));
        }

        var sb = new StringBuilder();
        PythonJson.WriteObject(sb, members);
        return sb.ToString();
    }
}

/// <summary>Writes JSON byte for byte as Python's <c>json.dumps(value, sort_keys=True)</c> does.</summary>
internal static class PythonJson
{
    public static void WriteObject(StringBuilder sb, IEnumerable<KeyValuePair<string, Action<StringBuilder>>> members)
    {
        sb.Append('{');
        var first = true;
        foreach (var member in members.OrderBy(m => m.Key, CodePointComparer.Instance))
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            WriteString(sb, member.Key);
            sb.Append(": ");
            member.Value(sb);
        }

        sb.Append('}');
    }

    public static void WriteStringArray(StringBuilder sb, IEnumerable<string> values)
    {
        sb.Append('[');
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            WriteString(sb, value);
        }

        sb.Append(']');
    }

    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        // UTF-16 code units are what Python writes too (a surrogate pair for U+10000 and above).
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Writes <paramref name="json"/> re-serialized the Python way, or as a string when it is not JSON.</summary>
    public static void WriteParsedOrString(StringBuilder sb, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // The CLI would fail on such a policy; STS would refuse it too. Keep a deterministic key.
            WriteString(sb, json);
            return;
        }

        using (document)
        {
            WriteElement(sb, document.RootElement);
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Python's dict keeps the last of repeated keys.
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    members[property.Name] = property.Value;
                }

                WriteObject(sb, members.Select(m => new KeyValuePair<string, Action<StringBuilder>>(m.Key, inner => WriteElement(inner, m.Value))));
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    WriteElement(sb, item);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(sb, element.GetRawText());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteNumber(StringBuilder sb, string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            sb.Append(raw); // Python ints keep every digit.
            return;
        }

        // Python prints a float with repr(): shortest round-trip digits, always with '.0' or an exponent.
        // Matches repr() except between 1e15 and 1e16, where .NET switches to an exponent earlier.
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = text.IndexOf('E');
        if (exponent >= 0)
        {
            var mantissa = text.Substring(0, exponent);
#pragma warning disable CA1846 // netstandard2.0 has no int.Parse(ReadOnlySpan<char>).
            var power = int.Parse(text.Substring(exponent + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
#pragma warning restore CA1846
            text = mantissa + "e" + (power < 0 ? "-" : "+") + Math.Abs(power).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (text.IndexOf('.') < 0)
        {
            text += ".0";
        }

        sb.Append(text);
    }

    /// <summary>Python sorts <c>str</c> by code point; UTF-16 ordinal order differs above U+FFFF.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var i = 0;
            var j = 0;
            while (i < x.Length && j < y.Length)
            {
                var a = NextCodePoint(x, ref i);
                var b = NextCodePoint(y, ref j);
                if (a != b)
                {
                    return a.CompareTo(b);
                }
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }

        private static int NextCodePoint(string s, ref int index)
        {
            var c = s[index];
            if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, s[index + 1]);
                index += 2;
                return codePoint;
            }

            index++;
            return c;
        }
    }
}
