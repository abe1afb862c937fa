using System.Diagnostics;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// Follows RefreshingRoleCredentials' refresh spans (one per refresh, from the library's ActivitySource), so a loop on
/// a fake clock can wait for a refresh in flight before it moves time on, as if STS answered at once.
/// </summary>
internal sealed class RefreshTracker : IDisposable
{
    private readonly ActivityListener _listener;
    private long _started;
    private long _stopped;
    private long _failed;

    public RefreshTracker()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StsResilienceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref _started),
            ActivityStopped = activity =>
            {
                if (activity.Status == ActivityStatusCode.Error)
                {
                    Interlocked.Increment(ref _failed);
                }

                Interlocked.Increment(ref _stopped);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long Attempts => Interlocked.Read(ref _started);

    public long Failed => Interlocked.Read(ref _failed);

    public bool InFlight => Interlocked.Read(ref _started) != Interlocked.Read(ref _stopped);

    public async Task SettleAsync()
    {
        while (InFlight)
        {
            await Task.Delay(1);
        }
    }

    public void Dispose() => _listener.Dispose();
}
