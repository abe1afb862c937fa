using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Internal;
using Sts.Resilience.Profiles;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Http;

/// <summary>
/// A <see cref="DelegatingHandler"/> that signs every request with AWS Signature Version 4 (the AWS SDK's
/// <see cref="AWSSigV4Signer"/>) and survives an expired session: when the service answers that the credentials
/// have expired, it invalidates them, signs again with new ones and resends the request once.
/// </summary>
/// <remarks>
/// <para>
/// <b>Signing.</b> Each request gets <c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c> and, for
/// session credentials, <c>X-Amz-Security-Token</c>; <c>host</c> and every <c>x-amz-*</c> header already on the request
/// are signed. The body is hashed: a byte-array, string, form or read-only-memory body where it is, any other body after
/// buffering it — unless the request carries its own <c>x-amz-content-sha256</c>, which is signed as given and leaves
/// the body unread (the way to stream an upload).
/// Signatures use the AWS SDK's clock, with its clock-skew correction.
/// </para>
/// <para>
/// <b>Expired sessions.</b> An answer counts as expired when it is 400 or 403 and says <c>ExpiredToken</c>,
/// <c>ExpiredTokenException</c> (body or <c>x-amzn-ErrorType</c>), API Gateway's "The security token included in the
/// request is expired", or <c>RequestExpired</c> for a request signed within five minutes of the service's clock (see
/// <see cref="ExpiredTokenErrors"/>); a bare 400/403 without a body (S3 <c>HEAD</c>) counts when the credentials that
/// signed it are known to be expired or invalidated. Then the credentials are invalidated by the rejected access key id
/// (compare-and-swap: of many requests rejected with one key, one refresh), the request is signed again and resent once.
/// A body that cannot be sent twice (a non-seekable stream with a caller-supplied hash) is not resent: the response goes
/// back unchanged. Credentials that cannot refresh (<see cref="SessionAWSCredentials"/>, environment variables, a profile
/// with a static session token) end in an <see cref="ExpiredCredentialsException"/> that says what to change.
/// </para>
/// <para>
/// <b>Order.</b> Put retry and resilience handlers outside this one (add them first), so that each attempt is signed
/// anew: with <c>IHttpClientFactory</c>, call <c>AddStandardResilienceHandler()</c> before <c>AddAwsSigV4(…)</c>.
/// Disable automatic redirects on the primary handler: a redirect followed below this handler is not signed again.
/// </para>
/// </remarks>
public sealed class AwsSigV4Handler : DelegatingHandler
{
    /// <summary>The category of the handler's log events (event ids 2101–2105).</summary>
    /// <value>The value is <c>Sts.Resilience.Http.AwsSigV4Handler</c>.</value>
    public const string LoggerCategory = "Sts.Resilience.Http.AwsSigV4Handler";

    private const string ContentHashHeader = "x-amz-content-sha256";
    private static readonly string[] OwnHeaders = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"];

    private readonly AWSSigV4Parameters _parameters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AwsSigV4Handler"/> class.</summary>
    /// <param name="credentials">
    /// The credentials to sign with, asked again for every request: <see cref="RefreshingRoleCredentials"/>, or any
    /// <see cref="AWSCredentials"/> (the SDK's refreshing types are invalidated with <c>ClearCredentials</c>).
    /// </param>
    /// <param name="service">The SigV4 service name, such as <c>execute-api</c>, <c>es</c>, <c>lambda</c> or <c>s3</c>.</param>
    /// <param name="region">The signing region, such as <c>eu-west-1</c>.</param>
    /// <param name="timeProvider">The clock that judges whether credentials are past their expiry; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="credentials"/>, <paramref name="service"/> or <paramref name="region"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="service"/> or <paramref name="region"/> is empty.</exception>
    public AwsSigV4Handler(AWSCredentials credentials, string service, string region, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        Credentials = Guard.NotNull(credentials);
        Service = Guard.NotNullOrEmpty(service);
        Region = Guard.NotNullOrEmpty(region);
        _parameters = new AWSSigV4Parameters { Credentials = credentials, Service = service, Region = RegionEndpoint.GetBySystemName(region) };
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
    }

    /// <summary>Gets the credentials requests are signed with.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>Gets the SigV4 service name.</summary>
    public string Service { get; }

    /// <summary>Gets the signing region.</summary>
    public string Region { get; }

    /// <summary>Signs the request, sends it, and resends it once, signed with new credentials, if it was rejected as expired.</summary>
    /// <param name="request">The request; its <c>RequestUri</c> must be absolute.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The service's response (to the resent request, when there was one).</returns>
    /// <exception cref="ExpiredCredentialsException">Thrown when the request was rejected as expired and the credentials cannot refresh.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Guard.NotNull(request);
        var callerHash = CallerSuppliedHash(request);
        var body = await SigningBody.PrepareAsync(request.Content, callerHash).ConfigureAwait(false);
        var authorization = await SignAsync(request, body, callerHash, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return AwsErrorResponse.IsRejection(response)
            ? await OnRejectedAsync(request, body, callerHash, SignedRequest.KeyFromAuthorization(authorization), response, cancellationToken).ConfigureAwait(false)
            : response;
    }

#if NET5_0_OR_GREATER
    /// <summary>Signs and sends synchronously (blocking on the asynchronous path).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The service's response.</returns>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();
#endif

    private async Task<HttpResponseMessage> OnRejectedAsync(
        HttpRequestMessage request, SigningBody body, bool callerHash, string? rejectedKey, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = await ReadExpiryAsync(response, rejectedKey, cancellationToken).ConfigureAwait(false);
        if (error is not { } expired || rejectedKey is null)
        {
            return response;
        }

        var capability = CredentialsInspector.GetCapability(Credentials);
        if (capability == RefreshCapability.None)
        {
            return response;
        }

        var operation = Operation(request);
        var errorCode = expired.Code ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keySuffix = ExpiredCredentialsDetails.KeySuffix(rejectedKey);
        var credentialsType = Credentials.GetType().Name;
        if (capability == RefreshCapability.Static)
        {
            AwsSigV4HandlerLog.NotRefreshable(_logger, Service, operation, errorCode, credentialsType, keySuffix);
            var exception = ExpiredTokenFailures.Create(
                CredentialsTelemetry.Default, ExpiredTokenOutcome.NotRefreshable, ToServiceException(response, expired, errorCode), Credentials, keySuffix, rejectedKey,
                HostClockOffset(response), Service, operation, ProfileFileLocations.FromEnvironment);
            response.Dispose();
            throw exception;
        }

        CredentialsInspector.Invalidate(Credentials, rejectedKey);
        if (!body.Replayable)
        {
            AwsSigV4HandlerLog.BodyNotReplayable(_logger, Service, operation, errorCode);
            ExpiredTokenFailures.Record(CredentialsTelemetry.Default, ExpiredTokenOutcome.BodyNotRewindable, Service, operation, errorCode);
            return response;
        }

        AwsSigV4HandlerLog.Resending(_logger, Service, operation, errorCode, credentialsType, keySuffix);
        response.Dispose();
        var retryKey = SignedRequest.KeyFromAuthorization(await SignAsync(request, body, callerHash, cancellationToken).ConfigureAwait(false));
        var second = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (AwsErrorResponse.IsRejection(second) && await ReadExpiryAsync(second, retryKey, cancellationToken).ConfigureAwait(false) is { } again)
        {
            AwsSigV4HandlerLog.FailedAgain(_logger, Service, operation, again.Code ?? errorCode, ExpiredCredentialsDetails.KeySuffix(retryKey));
            ExpiredTokenFailures.Record(CredentialsTelemetry.Default, ExpiredTokenOutcome.FailedAgain, Service, operation, again.Code ?? errorCode);
        }
        else
        {
            AwsSigV4HandlerLog.Recovered(_logger, Service, operation);
            ExpiredTokenFailures.Record(CredentialsTelemetry.Default, ExpiredTokenOutcome.Recovered, Service, operation, errorCode: null);
        }

        return second;
    }

    /// <summary>The error when the response is an expired-session answer; <see langword="null"/> otherwise.</summary>
    private async Task<AwsError?> ReadExpiryAsync(HttpResponseMessage response, string? signingKey, CancellationToken cancellationToken)
    {
        var error = await AwsErrorResponse.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (error.IsExpired)
        {
            return error;
        }

        // S3 answers HEAD (and some errors) with a bare status: expired only if the signing credentials are known to be.
        return !error.HasBody && error.Code is null && signingKey is not null
            && CredentialsInspector.IsKnownStale(Credentials, signingKey, _time.GetUtcNow())
                ? error
                : null;
    }

    /// <summary>Signs the request in place and returns its <c>Authorization</c> header (the access key id is read from it only when needed).</summary>
    private async ValueTask<string?> SignAsync(HttpRequestMessage request, SigningBody body, bool callerHash, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri, ContentStream = body.Stream };
        if (HasHeaders(headers))
        {
            foreach (var name in OwnHeaders)
            {
                headers.Remove(name);
            }

            if (!callerHash)
            {
                headers.Remove(ContentHashHeader);
            }

            foreach (var header in headers)
            {
                if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                {
                    signing.Headers[header.Key] = string.Join(",", header.Value.Select(static v => v.Trim()));
                }
            }
        }

        if (body.Hash is not null)
        {
            // Hashed here without a copy; the signer signs it as given instead of reading the body.
            signing.Headers[ContentHashHeader] = body.Hash;
        }

        var result = await AWSSigV4Signer.SignAsync(signing, _parameters, cancellationToken).ConfigureAwait(false);
        string? authorization = null;
        foreach (var header in result.Headers)
        {
            if (callerHash && string.Equals(header.Key, ContentHashHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            headers.TryAddWithoutValidation(header.Key, header.Value);
            if (string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = header.Value;
            }
        }

        return authorization;
    }

    /// <summary>
    /// Whether the caller put <c>x-amz-content-sha256</c> on the request. A resilience handler outside this one sends the
    /// same message again, carrying the hash this handler added: a hash on a message this handler already signed (it has an
    /// <c>Authorization</c> header) is ours, unless the caller's was remembered at the first signing. Only that rare case
    /// writes to the request's options, so the common request (no hash of the caller's) allocates nothing here.
    /// </summary>
    private static bool CallerSuppliedHash(HttpRequestMessage request)
    {
        const string Key = "Sts.Resilience.AwsSigV4Handler.CallerContentHash";
        var headers = request.Headers;
        if (!HasHeaders(headers) || !headers.Contains(ContentHashHeader))
        {
            return false;
        }

#if NET5_0_OR_GREATER
        var option = new HttpRequestOptionsKey<bool>(Key);
        if (request.Options.TryGetValue(option, out var remembered))
        {
            return remembered;
        }

        if (headers.Contains("Authorization"))
        {
            return false;
        }

        request.Options.Set(option, true);
        return true;
#else
        if (request.Properties.TryGetValue(Key, out var remembered) && remembered is bool value)
        {
            return value;
        }

        if (headers.Contains("Authorization"))
        {
            return false;
        }

        request.Properties[Key] = true;
        return true;
#endif
    }

    /// <summary>
    /// Whether the request carries any header at all: a request without one (the common case without default headers)
    /// has nothing to clean up or sign, and skips the header-name parsing of each look-up.
    /// </summary>
    private static bool HasHeaders(HttpRequestHeaders headers)
#if NET5_0_OR_GREATER
        => headers.NonValidated.Count > 0;
#else
        => true;
#endif

    private TimeSpan? HostClockOffset(HttpResponseMessage response)
        => response.Headers.Date is { } serviceTime ? serviceTime - _time.GetUtcNow() : null;

    private static string Operation(HttpRequestMessage request)
        => request.Method.Method + " " + (request.RequestUri?.AbsolutePath ?? "/");

    private static AmazonServiceException ToServiceException(HttpResponseMessage response, AwsError error, string errorCode)
    {
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) || response.Headers.TryGetValues("x-amz-request-id", out ids)
            ? ids.FirstOrDefault()
            : null;
        var message = error.Message ?? $"The service answered HTTP {(int)response.StatusCode} without an error body.";
        return new AmazonServiceException(message, ErrorType.Sender, ExpiredTokenErrors.Normalize(errorCode), requestId, response.StatusCode);
    }
}
