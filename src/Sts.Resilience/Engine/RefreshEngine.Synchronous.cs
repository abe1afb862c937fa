using System.Diagnostics;

namespace Sts.Resilience.Engine;

/// <summary>
/// The synchronous refresh (issue 13, defect 4): a synchronous caller that has to wait runs the one flight on its own
/// thread with the source's synchronous I/O, so the refresh never waits for a thread-pool thread that blocked callers
/// hold. Asynchronous callers and timers are unchanged, and every caller still shares one flight.
/// </summary>
internal sealed partial class RefreshEngine
{
    /// <summary>How a new flight runs.</summary>
    private enum Launch
    {
        /// <summary>On the calling thread up to its first real wait (asynchronous callers, timers).</summary>
        Inline,

        /// <summary>Queued to the thread pool (a synchronous caller that need not wait, or a source without synchronous I/O).</summary>
        Pool,

        /// <summary>To completion on the calling thread with the source's synchronous I/O (a synchronous caller that must wait).</summary>
        Synchronous,
    }

    /// <summary>
    /// Asynchronous callers start inline. A synchronous caller that must wait runs the flight itself when the source
    /// can fetch synchronously; one that need not wait (advisory window), or whose source cannot, queues it to the pool.
    /// A synchronous caller that finds a flight already running (started by a timer or an asynchronous caller) joins it
    /// whatever this says: single flight comes first.
    /// </summary>
    private Launch LaunchFor(bool startInline, bool mustWait)
        => startInline ? Launch.Inline
            : mustWait && _source is ISynchronousCredentialSource { CanFetchSynchronously: true } ? Launch.Synchronous
            : Launch.Pool;

    /// <summary>
    /// Runs the whole refresh on the calling thread, without its synchronization context (the SDK's synchronous
    /// pipeline never posts to it, and nothing here may). Returns when <paramref name="completion"/> is set.
    /// </summary>
    private void RunSynchronously(Trigger trigger, ActivityContext caller, TaskCompletionSource<RefreshOutcome> completion)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var run = RunRefreshAsync(trigger, caller, completion, synchronous: true);
            Debug.Assert(run.IsCompleted, "A synchronous refresh completes on the calling thread.");
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>One call to the source: its synchronous fetch (already completed when returned) or its asynchronous one.</summary>
    private ValueTask<SourceCredentials> FetchOnceAsync(bool synchronous, CancellationToken cancellationToken)
        => synchronous
            ? new ValueTask<SourceCredentials>(((ISynchronousCredentialSource)_source).Fetch(cancellationToken))
            : _source.FetchAsync(cancellationToken);
}
