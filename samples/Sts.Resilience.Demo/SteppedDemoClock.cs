using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Demo;

/// <summary>
/// A clock that moves in fixed steps, and only when the run has caught up with it: every worker has finished its round
/// of calls, the fault schedule waits for a later moment (or is done), and the library has no refresh in flight. Each
/// step first lets the faults due at that moment act, then releases the workers for one round. On a loaded machine a
/// run takes longer; what happens in it, and when in session time, does not change.
/// </summary>
internal sealed class SteppedDemoClock : DemoClock, IDisposable
{
    /// <summary>How long the run may make no progress at all before it is reported as stalled, instead of hanging.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time;
    private readonly TimeSpan _step;
    private readonly int _workers;
    private readonly object _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly ActivityListener _library;
    private TaskCompletionSource<bool> _nextRound = NewRound();
    private int _parkedWorkers;
    private int _libraryInFlight;
    private bool _over;

    public SteppedDemoClock(DateTimeOffset origin, TimeSpan step, int workers)
    {
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be positive.");
        }

        _time = new FakeTimeProvider(origin);
        Origin = origin;
        _step = step;
        _workers = workers;

        // A refresh in flight holds the clock: one step must not pass the library's own STS timeout while it waits.
        _library = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StsResilienceTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref _libraryInFlight),
            ActivityStopped = _ => Interlocked.Decrement(ref _libraryInFlight),
        };
        ActivitySource.AddActivityListener(_library);
    }

    public override TimeProvider Time => _time;

    public override DateTimeOffset Origin { get; }

    /// <summary>Gets or sets what runs after each step, before the faults due then act (the soak samples memory there).</summary>
    public Action? AfterStep { get; set; }

    /// <summary>Gets the number of steps taken.</summary>
    public long Steps { get; private set; }

    public override string Describe(DemoOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"Time moves in steps of {_step.TotalSeconds:0} s, each once every worker has finished a round: {DemoConsole.Format(options.SimulatedSpan)} of {DemoConsole.Format(options.SessionDuration)} sessions, as fast as this machine allows.");

    public override void Start()
    {
        // The clock moves only in RunAsync.
    }

    public override async Task<bool> RunAsync(DemoOptions options, Task faults, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await UntilAsync(() => Volatile.Read(ref _parkedWorkers) >= _workers && Volatile.Read(ref _libraryInFlight) <= 0 && FaultsParked(faults), "the workers' round", faults, cancellationToken);
                if (Elapsed >= options.SimulatedSpan)
                {
                    return false;
                }

                _time.Advance(_step);
                Steps++;
                AfterStep?.Invoke();

                // Faults due at this moment act before the workers' round, as they would at that time.
                await UntilAsync(() => FaultsParked(faults), "the fault schedule", faults, cancellationToken);
                ReleaseRound(goOn: true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        finally
        {
            ReleaseRound(goOn: false);
        }
    }

    public override Task WaitUntilAsync(Func<bool> condition, CancellationToken stop)
    {
        if (condition())
        {
            return Task.CompletedTask;
        }

        var waiter = new Waiter(condition, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _waiters.Add(waiter);
        }

        waiter.Registration = stop.Register(static state => ((Waiter)state!).Done.TrySetCanceled(), waiter);
        return waiter.Done.Task;
    }

    public override Task SettleAsync(CancellationToken stop)
    {
        // Workers park only after their calls (and the SDK's retries of them) have finished: one step settles them.
        var steps = Steps;
        return WaitUntilAsync(() => Steps > steps, stop);
    }

    public override async Task<bool> PaceAsync(TimeSpan pause, CancellationToken stop)
    {
        Task<bool> next;
        lock (_gate)
        {
            if (_over)
            {
                return false;
            }

            next = _nextRound.Task;
            _parkedWorkers++;
        }

        try
        {
            return await next.WaitAsync(stop).ConfigureAwait(false) && !stop.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A suspended process, for the fault schedule between two steps: <paramref name="length"/> passes at once, nothing runs
    /// meanwhile, and every timer due in it fires late, at the end.
    /// </summary>
    public void Suspend(TimeSpan length) => _time.Advance(length);

    public void Dispose() => _library.Dispose();

    private static TaskCompletionSource<bool> NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool FaultsParked(Task faults)
    {
        lock (_gate)
        {
            return faults.IsCompleted || _waiters.Count > 0;
        }
    }

    private void ReleaseRound(bool goOn)
    {
        TaskCompletionSource<bool> round;
        lock (_gate)
        {
            _over |= !goOn;
            round = _nextRound;
            _nextRound = NewRound();
            _parkedWorkers = 0;
        }

        round.TrySetResult(goOn);
    }

    /// <summary>Completes the waits whose condition now holds; drops those cancelled.</summary>
    private void Evaluate()
    {
        List<Waiter>? ready = null;
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Done.Task.IsCompleted || waiter.Condition())
                {
                    _waiters.RemoveAt(i);
                    (ready ??= []).Add(waiter);
                }
            }
        }

        foreach (var waiter in ready ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Done.TrySetResult();
        }
    }

    private async Task UntilAsync(Func<bool> ready, string what, Task faults, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Evaluate();
            if (ready())
            {
                return;
            }

            if (faults.IsFaulted)
            {
                await faults.ConfigureAwait(false);
            }

            if (Stopwatch.GetElapsedTime(started) > StallLimit)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The demo stalled at +{DemoConsole.Format(Elapsed)}: nothing moved for {StallLimit.TotalSeconds:0} s while waiting for {what} ({Volatile.Read(ref _parkedWorkers)} of {_workers} workers done, {Volatile.Read(ref _libraryInFlight)} refreshes in flight, fault schedule {(faults.IsCompleted ? "done" : _waiters.Count > 0 ? "waiting" : "busy")})."));
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Waiter(Func<bool> condition, TaskCompletionSource done)
    {
        public Func<bool> Condition { get; } = condition;

        public TaskCompletionSource Done { get; } = done;

        public CancellationTokenRegistration Registration { get; set; }
    }
}
