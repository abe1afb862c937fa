using Amazon.Runtime;

namespace Sts.Resilience.Engine;

/// <summary>One immutable set of cached credentials with everything the hot path needs precomputed.</summary>
internal sealed class CacheEntry
{
    public CacheEntry(ImmutableCredentials credentials, DateTimeOffset expiration, DateTimeOffset localExpiry, TimeSpan lifetime, TimeSpan advisoryWindow, DateTimeOffset localAdvisoryStart, bool invalidated)
    {
        Lifetime = lifetime;
        Credentials = credentials;
        CompletedTask = Task.FromResult(credentials);
        Expiration = expiration;
        LocalExpiry = localExpiry;
        AdvisoryWindow = advisoryWindow;
        LocalAdvisoryStart = localAdvisoryStart;
        Invalidated = invalidated;
    }

    private CacheEntry(CacheEntry source)
    {
        Credentials = source.Credentials;
        CompletedTask = source.CompletedTask;
        Expiration = source.Expiration;
        LocalExpiry = source.LocalExpiry;
        Lifetime = source.Lifetime;
        AdvisoryWindow = source.AdvisoryWindow;
        LocalAdvisoryStart = source.LocalAdvisoryStart;
        Invalidated = true;
    }

    public ImmutableCredentials Credentials { get; }

    /// <summary>Gets the task returned by every asynchronous hot-path call, made once so those calls allocate nothing.</summary>
    public Task<ImmutableCredentials> CompletedTask { get; }

    /// <summary>Gets the expiry in the server's clock, as STS sent it.</summary>
    public DateTimeOffset Expiration { get; }

    /// <summary>
    /// Gets the expiry on the engine's clock (<see cref="EngineClock.LocalNow"/>): the send time of the request that
    /// brought the session plus the lifetime STS gave it (its <c>Expiration</c> minus its own <c>Date</c>). A wall-clock
    /// correction does not move it; see <see cref="EngineClock"/>.
    /// </summary>
    public DateTimeOffset LocalExpiry { get; }

    /// <summary>Gets how long the session was valid when it was issued (in the server's clock).</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Gets the advisory window applied to this session: at most half its lifetime.</summary>
    public TimeSpan AdvisoryWindow { get; }

    /// <summary>Gets when the mandatory window starts, on the engine's clock.</summary>
    public DateTimeOffset LocalMandatoryStart => LocalExpiry - Sts.Resilience.Credentials.RefreshingRoleCredentialsDefaults.MandatoryWindow;

    /// <summary>Gets when the advisory window starts, on the engine's clock.</summary>
    public DateTimeOffset LocalAdvisoryStart { get; }

    public bool Invalidated { get; }

    public CacheEntry AsInvalidated() => new(this);
}
