using System.Globalization;
using System.Security;

namespace Sts.Resilience.Testing;

internal static class LocalStsText
{
    /// <summary>The last four characters of an access key id: enough to tell keys apart, never the whole key.</summary>
    public static string Last4(string? accessKeyId)
        => accessKeyId is null ? "(none)" : accessKeyId.Length <= 4 ? accessKeyId : accessKeyId[^4..];

    public static string Xml(string? text) => SecurityElement.Escape(text ?? string.Empty) ?? string.Empty;

    /// <summary>ISO 8601 with whole seconds and 'Z', as STS writes <c>Expiration</c>.</summary>
    public static string IsoSeconds(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 with milliseconds, as S3 writes <c>CreationDate</c>.</summary>
    public static string IsoMillis(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseAmzDate(string? text, out DateTimeOffset time)
        => DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
