using System.Globalization;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>Formatting shared by the checks: redacted key ids, durations and times, always culture-invariant.</summary>
internal static class Text
{
    /// <summary>
    /// An access key id as its last four characters (<c>****WXYZ</c>, as <c>aws configure list</c> shows it); the
    /// rest is never shown. Output stays ASCII so a Windows console in an OEM code page shows it intact.
    /// </summary>
    public static string KeyId(string? accessKeyId) =>
        string.IsNullOrEmpty(accessKeyId) ? "(none)"
        : accessKeyId.Length <= 4 ? new string('*', 4)
        : "****" + accessKeyId[^4..];

    /// <summary>A duration for people: <c>45 s</c>, <c>12 min</c>, <c>3 h 5 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        value = value.Duration();
        var seconds = (long)Math.Round(value.TotalSeconds);
        if (seconds < 60)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + " s";
        }

        var minutes = seconds / 60;
        var rest = seconds % 60;
        if (minutes < 60)
        {
            return rest == 0 ? Invariant($"{minutes} min") : Invariant($"{minutes} min {rest} s");
        }

        var hours = minutes / 60;
        if (hours < 48)
        {
            return minutes % 60 == 0 ? Invariant($"{hours} h") : Invariant($"{hours} h {minutes % 60} min");
        }

        return hours % 24 == 0 ? Invariant($"{hours / 24} d") : Invariant($"{hours / 24} d {hours % 24} h");
    }

    /// <summary>A point in time, in UTC, ISO 8601 to the second.</summary>
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"expired 5 min ago" / "expires in 40 min", relative to <paramref name="now"/>.</summary>
    public static string Relative(DateTimeOffset expiry, DateTimeOffset now) =>
        expiry <= now
            ? $"expired at {Time(expiry)} ({Duration(now - expiry)} ago)"
            : $"expires at {Time(expiry)} (in {Duration(expiry - now)})";

    /// <summary>Parses a timestamp in any form the AWS tools write (<c>…Z</c>, <c>…+00:00</c>, <c>… UTC</c>); no zone means UTC.</summary>
    public static bool TryParseTime(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        if (trimmed.EndsWith("UTC", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^3].TrimEnd() + "Z";
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>A path for display: under the home directory it starts with <c>~</c>.</summary>
    public static string Path(string path, string homeDirectory)
    {
        if (homeDirectory.Length > 0)
        {
            var home = homeDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
            if (path.StartsWith(home + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return "~" + path[home.Length..];
            }
        }

        return path;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
