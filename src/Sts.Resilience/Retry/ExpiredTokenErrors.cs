using Amazon.Runtime;
using Sts.Resilience.Http;

namespace Sts.Resilience;

/// <summary>
/// Decides whether an error means "the credentials that signed this request have expired": the one classifier behind
/// <see cref="ExpiredTokenRetry"/> and <see cref="AwsSigV4Handler"/>, public so that Polly (or any) resilience
/// pipelines can use the same rule. Matches on the error code, never on the HTTP status alone: S3 answers 400,
/// query services and API Gateway 403.
/// </summary>
/// <remarks>
/// <para>
/// Expired: <c>ExpiredToken</c> (query protocols, S3), <c>ExpiredTokenException</c> (JSON and REST-JSON protocols,
/// API Gateway's <c>x-amzn-ErrorType</c>), API Gateway's message "The security token included in the request is
/// expired", and <c>RequestExpired</c> (EC2) only when the request was signed within five minutes of the service's
/// clock — otherwise <c>RequestExpired</c> is about a wrong clock, which new credentials do not fix.
/// </para>
/// <para>
/// Not expired: invalid or unknown tokens (<c>InvalidClientTokenId</c>, <c>UnrecognizedClientException</c>,
/// <c>InvalidToken</c>), signature and clock errors, throttling, access denied.
/// </para>
/// </remarks>
public static class ExpiredTokenErrors
{
    /// <summary>How far the request's signing time may be from the service's clock for <c>RequestExpired</c> to mean expiry.</summary>
    internal static readonly TimeSpan SigningTimeTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Returns <see langword="true"/> when <paramref name="exception"/> (or an exception it wraps) is an AWS service error
    /// saying the credentials have expired, including an <see cref="ExpiredCredentialsException"/>.
    /// </summary>
    /// <param name="exception">The exception an AWS SDK client threw, or one wrapping it.</param>
    /// <returns><see langword="true"/> for an expired-credentials error.</returns>
    /// <remarks><c>RequestExpired</c> is not counted here: an exception does not say when its request was signed.</remarks>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsExpiredToken(Exception exception)
    {
        Internal.Guard.NotNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is ExpiredCredentialsException)
            {
                return true;
            }

            if (current is AmazonServiceException service && IsExpiredCredentials(service.ErrorCode, requestName: null, signingTimeOffset: null))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns <see langword="true"/> when the response's status and headers say the credentials have expired
    /// (API Gateway and REST-JSON services name the error in <c>x-amzn-ErrorType</c>). Does not read the body;
    /// use <see cref="IsExpiredTokenAsync(HttpResponseMessage, CancellationToken)"/> for services that name it only there (S3, STS, DynamoDB).
    /// </summary>
    /// <param name="response">A response to a request signed with SigV4.</param>
    /// <returns><see langword="true"/> for an expired-credentials answer.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="response"/> is <see langword="null"/>.</exception>
    public static bool IsExpiredToken(HttpResponseMessage response)
    {
        Internal.Guard.NotNull(response);
        return AwsErrorResponse.IsRejection(response)
            && IsExpiredCredentials(AwsErrorResponse.HeaderErrorCode(response), requestName: null, AwsErrorResponse.SigningTimeOffset(response));
    }

    /// <summary>
    /// Returns <see langword="true"/> when the response says the credentials have expired, in its headers or in an
    /// XML or JSON error body (<c>&lt;Code&gt;ExpiredToken&lt;/Code&gt;</c>, <c>"__type": "…#ExpiredTokenException"</c>,
    /// API Gateway's <c>{"message": "The security token included in the request is expired"}</c>). The body is buffered,
    /// so it can still be read afterwards.
    /// </summary>
    /// <param name="response">A response to a request signed with SigV4.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns><see langword="true"/> for an expired-credentials answer.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="response"/> is <see langword="null"/>.</exception>
    public static async ValueTask<bool> IsExpiredTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        Internal.Guard.NotNull(response);
        if (!AwsErrorResponse.IsRejection(response))
        {
            return false;
        }

        var error = await AwsErrorResponse.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return error.IsExpired;
    }

    /// <summary>Returns <see langword="true"/> when the error code is about expired session credentials.</summary>
    /// <param name="errorCode">The service's error code, with or without a <c>namespace#</c> prefix or <c>:http://…</c> suffix.</param>
    /// <param name="requestName">The SDK request type name, such as <c>GetCallerIdentityRequest</c>, when known.</param>
    /// <param name="signingTimeOffset">The service's clock minus the request's signing time, when known.</param>
    internal static bool IsExpiredCredentials(string? errorCode, string? requestName, TimeSpan? signingTimeOffset)
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
    internal static string Normalize(string? errorCode)
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
