namespace Sts.Resilience.Retry;

/// <summary>
/// Decides whether a service error means "the credentials that signed this request have expired".
/// Matches on the error code, never on the HTTP status: S3 answers 400, query services 403.
/// </summary>
internal static class ExpiredTokenClassifier
{
    /// <summary>How far the request's signing time may be from the service's clock for <c>RequestExpired</c> to mean expiry.</summary>
    public static readonly TimeSpan SigningTimeTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Returns <see langword="true"/> when the error is about expired session credentials.</summary>
    /// <param name="errorCode">The service's error code, with or without a <c>namespace#</c> prefix.</param>
    /// <param name="requestName">The SDK request type name, such as <c>GetCallerIdentityRequest</c>.</param>
    /// <param name="signingTimeOffset">The service's clock minus the request's signing time, when the response carried a <c>Date</c> header.</param>
    public static bool IsExpiredCredentials(string? errorCode, string? requestName, TimeSpan? signingTimeOffset)
    {
        var code = Normalize(errorCode);
        if (code.Length == 0)
        {
            return false;
        }

        // These requests are not signed with session credentials: their ExpiredTokenException is about the
        // web identity or SAML assertion passed in the request, which no credential refresh can fix.
        if (IsIdentityTokenRequest(requestName))
        {
            return false;
        }

        if (code.Equals("ExpiredToken", StringComparison.OrdinalIgnoreCase)
            || code.Equals("ExpiredTokenException", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // RequestExpired is also what EC2 says for a request whose timestamp is too old or too new. Only when the
        // timestamp was within tolerance of the service's clock can it be about the credentials.
        if (code.Equals("RequestExpired", StringComparison.OrdinalIgnoreCase))
        {
            return signingTimeOffset is { } offset && offset.Duration() <= SigningTimeTolerance;
        }

        return false;
    }

    /// <summary>Strips a <c>com.amazon.coral.service#</c> style prefix and a <c>:http://…</c> suffix.</summary>
    public static string Normalize(string? errorCode)
    {
        if (string.IsNullOrEmpty(errorCode))
        {
            return string.Empty;
        }

        var code = errorCode!;
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code.Substring(hash + 1);
        }

        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code.Substring(0, colon);
        }

        return code.Trim();
    }

    private static bool IsIdentityTokenRequest(string? requestName)
        => requestName is not null
           && (requestName.StartsWith("AssumeRoleWithWebIdentity", StringComparison.Ordinal)
               || requestName.StartsWith("AssumeRoleWithSAML", StringComparison.Ordinal));
}
