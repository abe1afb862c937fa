namespace Sts.Resilience.Http;

/// <summary>
/// A presigned URL made by <see cref="AwsPresigner"/>, with how long it will really work: until the earlier of its
/// <c>X-Amz-Expires</c> and the end of the session that signed it.
/// </summary>
public sealed class PresignedUrl
{
    internal PresignedUrl(Uri uri, IReadOnlyDictionary<string, string> signedHeaders, DateTimeOffset signedAt, TimeSpan requestedLifetime, DateTimeOffset? credentialsExpiration, bool hasSession)
    {
        Uri = uri;
        SignedHeaders = signedHeaders;
        SignedAt = signedAt;
        RequestedLifetime = requestedLifetime;
        CredentialsExpiration = credentialsExpiration;
        var requestedEnd = signedAt + requestedLifetime;
        ValidUntil = credentialsExpiration is { } end && end < requestedEnd ? end : requestedEnd;
        IsValidForRequestedLifetime = credentialsExpiration is { } expiration ? expiration >= requestedEnd : !hasSession;
        Limitation = IsValidForRequestedLifetime ? null
            : credentialsExpiration is { } sessionEnd
                ? FormattableString.Invariant($"The URL was asked to work for {requestedLifetime} (until {requestedEnd:u}), but it dies with the session that signed it at {sessionEnd:u}, {TimeSpan.FromSeconds(Math.Round((requestedEnd - sessionEnd).TotalSeconds))} earlier. A session cannot be made to last longer than the role's session duration (at most 1 hour for role chaining, the role's MaxSessionDuration otherwise): sign with a longer session, or with credentials without a session (an IAM user's keys), or ask for a shorter lifetime.")
                : FormattableString.Invariant($"The URL was asked to work for {requestedLifetime}, but it was signed with session credentials whose expiry is not known ({nameof(Amazon.Runtime.AWSCredentials)}.Expiration is null): it dies with that session, at a time that cannot be told. Sign with RefreshingRoleCredentials, which know their expiry and renew the session first when it would end too soon.");
    }

    /// <summary>Gets the presigned URL.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the headers that were signed besides <c>host</c>, which whoever uses the URL must send as they are.</summary>
    public IReadOnlyDictionary<string, string> SignedHeaders { get; }

    /// <summary>Gets the signing time (the URL's <c>X-Amz-Date</c>).</summary>
    public DateTimeOffset SignedAt { get; }

    /// <summary>Gets the lifetime asked for (the URL's <c>X-Amz-Expires</c>).</summary>
    public TimeSpan RequestedLifetime { get; }

    /// <summary>Gets when the credentials that signed the URL expire, or <see langword="null"/> when that is not known or they do not expire.</summary>
    public DateTimeOffset? CredentialsExpiration { get; }

    /// <summary>Gets when the URL stops working, as far as known: the earlier of <see cref="SignedAt"/> + <see cref="RequestedLifetime"/> and <see cref="CredentialsExpiration"/>.</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>
    /// Gets a value indicating whether the URL works for the whole lifetime asked for: <see langword="false"/> when the
    /// session behind it ends sooner, or may (session credentials of unknown expiry).
    /// </summary>
    public bool IsValidForRequestedLifetime { get; }

    /// <summary>Gets, when <see cref="IsValidForRequestedLifetime"/> is <see langword="false"/>, why and what to do; otherwise <see langword="null"/>.</summary>
    public string? Limitation { get; }

    /// <summary>Throws when the URL will not work for the whole lifetime asked for.</summary>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="InvalidOperationException">Thrown when <see cref="IsValidForRequestedLifetime"/> is <see langword="false"/>; the message is <see cref="Limitation"/>.</exception>
    public PresignedUrl EnsureValidForRequestedLifetime()
        => IsValidForRequestedLifetime ? this : throw new InvalidOperationException(Limitation);

    /// <summary>Returns the URL.</summary>
    /// <returns>The URL as text; it carries a signature, and a session token when signed with a session: treat it as a secret.</returns>
    public override string ToString() => Uri.ToString();
}
