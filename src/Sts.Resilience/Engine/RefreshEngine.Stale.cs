using Amazon.Runtime;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>A session that comes back already inside its mandatory window.</summary>
internal sealed partial class RefreshEngine
{
    /// <summary>
    /// A session that comes back already inside its mandatory window (stale) counts as a failed refresh for backoff, as
    /// expired or incomplete credentials do: the next attempt waits for the fast backoff (about 1 s doubling to about
    /// 30 s), one flight at a time, and callers meanwhile get the cached session. Without this, every stale session
    /// asked for the next one at once (its windows are already open), a refresh loop while the source keeps answering
    /// stale. The stale session is still kept when nothing that lasts longer is cached: for its last seconds it beats an
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
            kept = _entry is not { } cached || cached.LocalExpiry < entry.LocalExpiry;
            if (kept)
            {
                _skew = skew;
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
            ScheduleBackground(until, now);
        }

        SafeLog((triggerName, _lastError, served, until), static (logger, name, s) => CredentialsLog.RefreshFailed(logger, name, s.triggerName, s.Item2!, s.served, s.until));
        return kept ? new RefreshOutcome(entry, null, NonRecoverable: false) : new RefreshOutcome(null, error, NonRecoverable: false);
    }
}
