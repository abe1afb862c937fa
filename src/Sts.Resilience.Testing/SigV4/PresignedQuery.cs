using System.Globalization;

namespace Sts.Resilience.Testing.SigV4;

/// <summary>
/// Query-string authentication (a presigned URL): <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, <c>X-Amz-Date</c>,
/// <c>X-Amz-Expires</c>, <c>X-Amz-SignedHeaders</c>, <c>X-Amz-Signature</c> and, for a session, <c>X-Amz-Security-Token</c>.
/// </summary>
internal sealed record PresignedQuery(AuthorizationHeader Authorization, string AmzDate, TimeSpan Expires, string ExpiresText, string? SecurityToken, string QueryWithoutSignature)
{
    /// <summary>The longest lifetime a presigned URL may ask for: seven days.</summary>
    public static readonly TimeSpan MaxExpires = TimeSpan.FromSeconds(604800);

    private const string AlgorithmParameter = "X-Amz-Algorithm";

    /// <summary>Gets a value indicating whether the query carries query-string authentication at all.</summary>
    public static bool IsPresent(string rawQuery) => Find(rawQuery, AlgorithmParameter) is not null || Find(rawQuery, "X-Amz-Credential") is not null;

    /// <summary>The credential scope's service, for routing: <c>execute-api</c> in <c>X-Amz-Credential=AKID/date/region/execute-api/aws4_request</c>.</summary>
    public static string? ScopeService(string rawQuery)
    {
        var parts = Find(rawQuery, "X-Amz-Credential")?.Split('/');
        return parts is { Length: 5 } ? parts[3] : null;
    }

    /// <summary>Reads the parameters; on failure <paramref name="error"/> says which one is wrong, in S3's words.</summary>
    public static bool TryParse(string rawQuery, out PresignedQuery? query, out string error)
    {
        query = null;
        var algorithm = Find(rawQuery, AlgorithmParameter);
        var credential = Find(rawQuery, "X-Amz-Credential");
        var date = Find(rawQuery, "X-Amz-Date");
        var expires = Find(rawQuery, "X-Amz-Expires");
        var signedHeaders = Find(rawQuery, "X-Amz-SignedHeaders");
        var signature = Find(rawQuery, "X-Amz-Signature");
        if (algorithm is null || credential is null || date is null || expires is null || signedHeaders is null || signature is null)
        {
            error = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
            return false;
        }

        if (!string.Equals(algorithm, SigV4Math.Algorithm, StringComparison.Ordinal))
        {
            error = "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"";
            return false;
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            error = "X-Amz-Expires should be a number";
            return false;
        }

        if (seconds > (long)MaxExpires.TotalSeconds)
        {
            error = "X-Amz-Expires must be less than a week (in seconds) that is; 604800";
            return false;
        }

        var header = $"{SigV4Math.Algorithm} Credential={credential}, SignedHeaders={signedHeaders}, Signature={signature}";
        if (!AuthorizationHeader.TryParse(header, out var authorization, out error))
        {
            return false;
        }

        var withoutSignature = string.Join('&', rawQuery.TrimStart('?').Split('&')
            .Where(part => !Name(part).Equals("X-Amz-Signature", StringComparison.Ordinal)));
        query = new PresignedQuery(authorization!, date, TimeSpan.FromSeconds(seconds), expires, Find(rawQuery, "X-Amz-Security-Token"), withoutSignature);
        return true;
    }

    private static string? Find(string rawQuery, string name)
    {
        foreach (var part in rawQuery.TrimStart('?').Split('&'))
        {
            if (Name(part).Equals(name, StringComparison.Ordinal))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                return eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }

    private static string Name(string part)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        return Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
    }
}
