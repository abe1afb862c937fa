using Amazon.Runtime;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>Answers not taken as they are: a session the clock outlived in flight, a session already inside its mandatory window.</summary>
internal sealed partial class RefreshEngine
{
    /// <summary>
    /// Calls the source. When the local clock jumped past the session while the call was out (a suspended process, a
    /// clock step), the source is healthy and its answer was good when given: it is asked once more in the same flight
    /// instead of backing off and serving the expired session meanwhile. Once only: no loop.
    /// </summary>
    /// <returns>The answer, and when the call that gave it was sent.</returns>
    private async Task<(SourceCredentials Fetched, DateTimeOffset SentAt)> FetchAsync(DateTimeOffset sentAt, bool synchronous)
    {
        SourceCredentials fetched;
        using (var timeout = CreateTimeoutSource())
        {
            fetched = await FetchOnceAsync(synchronous, timeout.Token).ConfigureAwait(false);
        }

        if (!OutlivedInFlight(fetched, sentAt))
        {
            return (fetched, sentAt);
        }

        sentAt = _clock.LocalNow();
        using (var timeout = CreateTimeoutSource())
        {
            return (await FetchOnceAsync(synchronous, timeout.Token).ConfigureAwait(false), sentAt);
        }
    }

    /// <summary>
    /// Whether a session that had more than the mandatory window left when the source gave it has already expired by the
    /// local clock, because the clock moved on (by more than the session's life) while the call was out. One that is
    /// only inside its mandatory window is not asked for again here: it is still valid, and the stale rule keeps it
    /// (see <see cref="AcceptStale"/>), so a failing second call cannot cost a session that could still be served.
    /// </summary>
    private bool OutlivedInFlight(SourceCredentials fetched, DateTimeOffset sentAt)
    {
        TimeSpan skew;
        lock (_gate)
        {
            skew = _clock.Skew;
        }

        var issuedAt = fetched.ServerTime is { } server && (server - sentAt).Duration() <= MaxClockSkew ? server : sentAt + skew;
        var left = fetched.Expiration - issuedAt;
        return left > RefreshingRoleCredentialsDefaults.MandatoryWindow
            && _clock.LocalNow() - sentAt >= left;
    }

    /// <summary>
    /// A session that comes back already inside its mandatory window (stale) counts as a failed refresh for backoff, as
    /// expired or incomplete credentials do: the next attempt waits for the fast backoff (about 1 s doubling to about
    /// 30 s), one flight at a time, and callers meanwhile get the cached session. Before, a stale session reset the
    /// backoff, was served from the hot path past the start of its mandatory window (its advisory window, capped at half
    /// its life, opened later) and was replaced at once after that, as long as the source kept answering stale. Both
    /// windows of a stale entry are open from the start. The stale session is still kept when nothing that lasts longer is cached: for its last seconds it beats an
    /// expired session or an exception. Returns the stale entry when kept, a failure otherwise.
    /// </summary>
    private RefreshOutcome AcceptStale(CacheEntry entry, TimeSpan skew, string triggerName, DateTimeOffset now)
    {
        var error = new AmazonClientException(FormattableString.Invariant(
            $"The credentials {_source.Description} returned expire within the mandatory window ({entry.Expiration:o}, {entry.Lifetime.TotalSeconds:0} s left)."));
        bool kept;
        DateTimeOffset until;
        DateTimeOffset served;
        lock (_gate)
        {
            _lastAttempt = now;
            _lastError = StsErrorClassifier.Describe(error);
            _inflight = null;
            _settled++;
            kept = _entry is not { } cached || cached.LocalExpiry < entry.LocalExpiry;
            if (kept)
            {
                _clock.Skew = skew;
                _entry = entry;
                _fresh = null; // never the hot path: every call checks the backoff and the windows
                _windowTimer?.Dispose();
                _windowTimer = null;
                _nonRecoverable = null;
            }

            served = _entry!.Expiration;
            _fastFailures++;
            until = now + _timings.FastBackoff(_fastFailures);
            _backoffUntil = until;
            _expiredRetryAt = now + _timings.ExpiredRetry();
            ScheduleBackground(until, now);
        }

        SafeLog((triggerName, _lastError, served, _clock.ToWall(until)), static (logger, name, s) => CredentialsLog.RefreshFailed(logger, name, s.triggerName, s.Item2!, s.served, s.Item4));
        return kept ? new RefreshOutcome(entry, null, NonRecoverable: false) : new RefreshOutcome(null, error, NonRecoverable: false);
    }
}
