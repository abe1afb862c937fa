namespace Sts.Resilience;

/// <summary>
/// A snapshot of a <see cref="RefreshingRoleCredentials"/> for health checks and diagnostics. It holds no secret:
/// the access key id appears as its last four characters.
/// </summary>
public sealed class RefreshingRoleCredentialsStatus
{
    internal RefreshingRoleCredentialsStatus()
    {
    }

    /// <summary>Gets the ARN of the role the credentials are for.</summary>
    public string RoleArn { get; internal init; } = string.Empty;

    /// <summary>Gets the last four characters of the cached access key id, or <see langword="null"/> when nothing is cached.</summary>
    public string? AccessKeyIdSuffix { get; internal init; }

    /// <summary>Gets when the cached credentials expire, in STS's clock, or <see langword="null"/> when nothing is cached.</summary>
    public DateTimeOffset? Expiration { get; internal init; }

    /// <summary>Gets a value indicating whether the cached credentials had expired when the snapshot was taken (judged in STS's clock).</summary>
    public bool IsExpired { get; internal init; }

    /// <summary>Gets the advisory window in use for the cached credentials, or <see langword="null"/> when nothing is cached.</summary>
    public TimeSpan? AdvisoryWindow { get; internal init; }

    /// <summary>Gets when the last successful refresh completed (local clock).</summary>
    public DateTimeOffset? LastRefresh { get; internal init; }

    /// <summary>Gets when the last refresh attempt, successful or not, completed (local clock).</summary>
    public DateTimeOffset? LastAttempt { get; internal init; }

    /// <summary>Gets the error of the last refresh attempt (code and message, no secrets), or <see langword="null"/> when it succeeded.</summary>
    public string? LastError { get; internal init; }

    /// <summary>Gets the time before which no refresh is attempted after a failure (local clock), or <see langword="null"/>.</summary>
    public DateTimeOffset? BackoffUntil { get; internal init; }

    /// <summary>Gets a value indicating whether a backoff was active when the snapshot was taken.</summary>
    public bool InBackoff { get; internal init; }

    /// <summary>
    /// Gets how far STS's clock is ahead of the local wall clock (negative: behind) when the snapshot was taken: the skew
    /// learned from the last response, carried on the monotonic clock since, so a wall-clock correction shows at once.
    /// </summary>
    public TimeSpan ClockSkew { get; internal init; }

    /// <summary>Gets the number of successful refreshes since the instance was created.</summary>
    public long RefreshCount { get; internal init; }

    /// <summary>Gets the number of calls that needed a refresh but were answered from the cache because a backoff was active.</summary>
    public long RateLimitedCalls { get; internal init; }

    /// <summary>
    /// Gets why the cached credentials are an older session extended by IMDS static stability rather than a session the
    /// source answered (instance metadata failed, or answered credentials that had already expired; warning event 1101),
    /// or <see langword="null"/> when they are what the source answered. While it is set, <see cref="Expiration"/> is the
    /// extension's end (5 to 10 minutes after it began) and the last refresh counts as successful; the source is asked
    /// again before the extension ends. Only <see cref="RefreshingInstanceProfileCredentials"/> extends sessions; for every
    /// other source this is always <see langword="null"/>.
    /// </summary>
    public string? StaticStability { get; internal init; }
}
