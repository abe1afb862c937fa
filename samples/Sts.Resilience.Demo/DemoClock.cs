namespace Sts.Resilience.Demo;

/// <summary>
/// The session clock of a local run and the way it moves: <see cref="AcceleratedDemoClock"/> runs faster than the wall
/// clock (the interactive demo); <see cref="SteppedDemoClock"/> moves only when every worker, the fault schedule and the
/// library have finished what the last step gave them (tests, and <c>--stepped</c>), so a loaded machine changes how long
/// a run takes, not what happens in it.
/// </summary>
internal abstract class DemoClock
{
    /// <summary>Gets the clock that LocalSts and the credentials share.</summary>
    public abstract TimeProvider Time { get; }

    /// <summary>Gets the time the clock read at the start.</summary>
    public abstract DateTimeOffset Origin { get; }

    /// <summary>Gets the session time since the start.</summary>
    public TimeSpan Elapsed => Time.GetUtcNow() - Origin;

    /// <summary>Gets a sentence that says how time moves, for the banner.</summary>
    public abstract string Describe(DemoOptions options);

    /// <summary>Starts the clock (it stands still during warm-up).</summary>
    public abstract void Start();

    /// <summary>Runs the clock until the run is over; returns <see langword="true"/> when it was interrupted.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="faults">The fault schedule (it waits through <see cref="WaitUntilAsync"/>).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public abstract Task<bool> RunAsync(DemoOptions options, Task faults, CancellationToken cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds; the fault schedule's only way to wait for time or state.</summary>
    public abstract Task WaitUntilAsync(Func<bool> condition, CancellationToken stop);

    /// <summary>Waits until <paramref name="simulated"/> of session time has passed.</summary>
    public Task DelayAsync(TimeSpan simulated, CancellationToken stop)
    {
        var until = Elapsed + simulated;
        return WaitUntilAsync(() => Elapsed >= until, stop);
    }

    /// <summary>Waits until requests in flight (the AWS SDK's own retries) have finished.</summary>
    public abstract Task SettleAsync(CancellationToken stop);

    /// <summary>A worker's pause between two rounds of calls; returns <see langword="false"/> when the run is over.</summary>
    public abstract Task<bool> PaceAsync(TimeSpan pause, CancellationToken stop);
}
