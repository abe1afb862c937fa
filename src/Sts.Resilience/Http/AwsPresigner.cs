using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Sts.Resilience.Internal;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Http;

/// <summary>
/// Presigns URLs (SigV4 query-string authentication) with the AWS SDK's <see cref="AWSSigV4Signer"/>, making sure the
/// session behind them lasts as long as the URL, or saying plainly that it cannot.
/// </summary>
/// <remarks>
/// A presigned URL works until the earlier of its <c>X-Amz-Expires</c> and the expiry of the credentials that signed
/// it. <see cref="RefreshingRoleCredentials"/> are asked for credentials valid at least that long
/// (<see cref="RefreshingCredentials.GetCredentialsAsync(TimeSpan, CancellationToken)"/>), which assumes the role
/// again first when the cached session would end sooner; the SDK's refreshing credentials are refreshed the same way by
/// the signer. When no session can last that long (role chaining is capped at one hour, every role at its
/// MaxSessionDuration), the URL is still made, and <see cref="PresignedUrl.IsValidForRequestedLifetime"/> is
/// <see langword="false"/> with the reason in <see cref="PresignedUrl.Limitation"/>.
/// </remarks>
public static class AwsPresigner
{
    /// <summary>The longest lifetime SigV4 allows a presigned URL: seven days.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>Presigns <paramref name="url"/> for <paramref name="method"/> for <paramref name="lifetime"/>.</summary>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="method">The method the URL is for, such as <see cref="HttpMethod.Get"/>.</param>
    /// <param name="url">The absolute URL, with any query parameters of the request.</param>
    /// <param name="service">The SigV4 service name, such as <c>s3</c> or <c>execute-api</c>.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="lifetime">How long the URL must work: 1 second to 7 days.</param>
    /// <param name="timeProvider">The clock the URL's <c>X-Amz-Date</c> is taken from; <see langword="null"/> for the AWS SDK's clock, with its skew correction.</param>
    /// <param name="cancellationToken">Cancels waiting for credentials.</param>
    /// <returns>The URL and how long it will really work.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="url"/> is relative, or <paramref name="service"/> or <paramref name="region"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is under a second or over 7 days.</exception>
    public static async Task<PresignedUrl> PresignAsync(
        AWSCredentials credentials,
        HttpMethod method,
        Uri url,
        string service,
        string region,
        TimeSpan lifetime,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(credentials);
        Guard.NotNull(method);
        Guard.NotNull(url);
        Guard.NotNullOrEmpty(service);
        Guard.NotNullOrEmpty(region);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The URL must be absolute.", nameof(url));
        }

        if (lifetime < TimeSpan.FromSeconds(1) || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A presigned URL lives from 1 second to 7 days.");
        }

        var (signingCredentials, hasSession) = await ResolveAsync(credentials, lifetime, cancellationToken).ConfigureAwait(false);
        var parameters = new AWSSigV4Parameters
        {
            Credentials = signingCredentials,
            Service = service,
            Region = RegionEndpoint.GetBySystemName(region),
            SignedAt = timeProvider?.GetUtcNow().UtcDateTime,
        };
        var result = await AWSSigV4Signer.PresignAsync(new AWSSigningRequest { HttpMethod = method, RequestUri = url }, parameters, lifetime, cancellationToken).ConfigureAwait(false);
        var signedAt = SignedRequest.DateFromAmzDate(QueryValue(result.Uri, "X-Amz-Date")) ?? timeProvider?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();
        var (expiration, _) = CredentialsInspector.GetExpiration(credentials);
        return new PresignedUrl(result.Uri, new Dictionary<string, string>(result.SignedHeaders, StringComparer.OrdinalIgnoreCase), signedAt, lifetime, expiration, hasSession);
    }

    /// <summary>Credentials valid for the lifetime when they can be had, else the best there are; and whether they carry a session.</summary>
    private static async Task<(AWSCredentials Credentials, bool HasSession)> ResolveAsync(AWSCredentials credentials, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (credentials is not RefreshingRoleCredentials role)
        {
            // One read: the URL is signed with the credentials whose session verdict is returned, not with a second
            // read that a refresh in between could have changed.
            var current = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            return (new SnapshotCredentials(current), current.UseToken);
        }

        // When no session lasts the lifetime, asking for it would assume the role again at every call, for nothing:
        // ask for half a session instead, which renews at most twice per session and still says how long the URL works.
        var minimumValidity = lifetime <= role.SessionDuration ? lifetime : TimeSpan.FromTicks(role.SessionDuration.Ticks / 2);
        ImmutableCredentials snapshot;
        try
        {
            snapshot = await role.GetCredentialsAsync(minimumValidity, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException)
        {
            // No session lasts that long: sign with the freshest there is; the result says how long the URL works.
            snapshot = await role.GetCredentialsAsync().ConfigureAwait(false);
        }

        // Sign with exactly the credentials that were checked, not whatever the instance holds a moment later.
        return (new SnapshotCredentials(snapshot), true);
    }

    private static string? QueryValue(Uri uri, string name)
    {
        foreach (var part in uri.Query.TrimStart('?').Split('&'))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && string.Equals(Uri.UnescapeDataString(part.Substring(0, eq)), name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(part.Substring(eq + 1));
            }
        }

        return null;
    }
}
