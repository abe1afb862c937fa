using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
        // botocore treats an empty session name as none given: it generates one and leaves it out of the key.
        if (arguments.RoleSessionName is { Length: > 0 } sessionName)
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
