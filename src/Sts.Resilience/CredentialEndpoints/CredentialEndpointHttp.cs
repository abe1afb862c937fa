using System.Net;

namespace Sts.Resilience.CredentialEndpoints;

/// <summary>
/// The HTTP side of a credentials endpoint (container, instance metadata): its own <see cref="HttpClient"/> without a
/// proxy (a link-local or loopback endpoint must never be reached through one) and without redirects, a short timeout
/// per request, and a few immediate attempts for what a local agent's hiccup looks like (no answer, a timeout, 5xx,
/// 429). Longer outages are the refresh engine's business: it backs off between refreshes.
/// </summary>
internal sealed class CredentialEndpointHttp : IDisposable
{
    /// <summary>Attempts per request; the engine's fetch timeout allows for all of them.</summary>
    public const int MaxAttempts = 3;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">The limit of one request.</param>
    /// <param name="handler">A handler the tests script; <see langword="null"/> for a direct connection, no proxy, no redirects.</param>
    public CredentialEndpointHttp(TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        _timeout = timeout;
#pragma warning disable CA2000 // The client owns the handler (disposeHandler: true).
        _http = new HttpClient(handler ?? new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false }, disposeHandler: true)
#pragma warning restore CA2000
        {
            Timeout = timeout,
        };
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes (a new one per attempt) and returns the answer, retrying
    /// transient failures up to <see cref="MaxAttempts"/> times.
    /// </summary>
    /// <param name="build">Makes the request.</param>
    /// <param name="what">Names the endpoint in an error message (never a token).</param>
    /// <param name="cancellationToken">The engine's fetch deadline or disposal.</param>
    /// <returns>The last answer, which may be an error status.</returns>
    /// <exception cref="CredentialEndpointException">Thrown when no attempt got an answer.</exception>
    public async Task<EndpointResponse> SendAsync(Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
#if NET
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
                var status = (int)response.StatusCode;
                if (IsTransient(response.StatusCode) && attempt < MaxAttempts)
                {
                    continue;
                }

                return new EndpointResponse(status, body, response.Headers.Date);
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new CredentialEndpointException($"{what} could not be reached ({MaxAttempts} attempts): {ex.Message}", ex);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient.Timeout, not the caller: the endpoint did not answer in time.
                if (attempt >= MaxAttempts)
                {
                    throw new CredentialEndpointException(
                        FormattableString.Invariant($"{what} did not answer within {_timeout.TotalSeconds} s ({MaxAttempts} attempts)."), ex);
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || (int)status == 429;
}
