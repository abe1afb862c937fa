using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>Status snapshots, disposal checks, trigger names, and the records the refresh hands its callers.</summary>
internal sealed partial class RefreshEngine
{
    private RefreshingRoleCredentialsStatus CreateStatus()
    {
        var now = _clock.LocalNow();
        var toWall = _time.GetUtcNow() - now; // the engine keeps its instants on its own clock; status shows wall time
        var entry = _entry;
        lock (_gate)
        {
            return new RefreshingRoleCredentialsStatus
            {
                RoleArn = _name,
                AccessKeyIdSuffix = entry is null ? null : CredentialsLog.Suffix(entry.Credentials.AccessKey),
                Expiration = entry?.Expiration,
                IsExpired = entry is not null && entry.LocalExpiry <= now,
                AdvisoryWindow = entry?.AdvisoryWindow,
                LastRefresh = _lastRefresh + toWall,
                LastAttempt = _lastAttempt + toWall,
                LastError = _lastError,
                BackoffUntil = _backoffUntil + toWall,
                InBackoff = _backoffUntil is { } until && now < until,
                ClockSkew = _clock.Skew - toWall, // STS's clock minus the wall clock now
                RefreshCount = _refreshCount,
                RateLimitedCalls = Interlocked.Read(ref _rateLimitedCalls),
                StaticStability = entry is null ? null : _describeExtension?.Invoke(entry.Expiration),
            };
        }
    }

    private void ThrowIfDisposed()
    {
#if NET
        ObjectDisposedException.ThrowIf(_disposed, _ownerType);
#else
        if (_disposed)
        {
            throw new ObjectDisposedException(_ownerType.Name);
        }
#endif
    }

    private static string TriggerName(Trigger trigger) => trigger switch
    {
        Trigger.Initial => "initial",
        Trigger.Advisory => "advisory",
        Trigger.Mandatory => "mandatory",
        Trigger.Expired => "expired",
        Trigger.Invalidated => "invalidated",
        Trigger.MinimumValidity => "minimum_validity",
        _ => "background",
    };

    private sealed record RefreshOutcome(CacheEntry? Entry, Exception? Error, bool NonRecoverable);

    private sealed record CachedFailure(Exception Error, DateTimeOffset Until);

    private sealed class OwningTokenSource(CancellationTokenSource linked, CancellationTokenSource timeout) : IDisposable
    {
        public CancellationToken Token => linked.Token;

        public void Dispose()
        {
            linked.Dispose();
            timeout.Dispose();
        }
    }
}
