namespace Sts.Resilience.Testing;

/// <summary>
/// Fault injection for a running <see cref="LocalSts"/>: the next N calls of an action fail, calls are slowed
/// down, or a service (STS, the container credentials endpoint, instance metadata) is down for a window of time. Faults are applied before authentication, so they hit whatever
/// credentials the call carries. Thread-safe.
/// </summary>
public sealed class LocalStsFaults
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<LocalStsFault>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _latency = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _now;
    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End, LocalStsFault Fault)> _outages = new(StringComparer.Ordinal);

    internal LocalStsFaults(Func<DateTimeOffset> now) => _now = now;

    /// <summary>Makes the next call of <paramref name="action"/> fail with <paramref name="fault"/>.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>, or <see cref="LocalStsActions.All"/>.</param>
    /// <param name="fault">The failure.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="action"/> is null or empty.</exception>
    public void FailNext(string action, LocalStsFault fault) => FailNext(action, 1, fault);

    /// <summary>
    /// Makes the next <paramref name="count"/> calls of <paramref name="action"/> fail with <paramref name="fault"/>.
    /// Calls add up: <c>FailNext(a, 1, Throttling)</c> then <c>FailNext(a, 1, InternalFailure)</c> fails the next two
    /// calls in that order. Faults queued for a named action are used before those queued for <see cref="LocalStsActions.All"/>.
    /// </summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>, or <see cref="LocalStsActions.All"/>.</param>
    /// <param name="count">How many calls fail; at least 1.</param>
    /// <param name="fault">The failure.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="action"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="count"/> is less than 1 or <paramref name="fault"/> is not defined.</exception>
    public void FailNext(string action, int count, LocalStsFault fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }

        lock (_gate)
        {
            if (!_pending.TryGetValue(action, out var queue))
            {
                _pending[action] = queue = new Queue<LocalStsFault>();
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Gets how many injected failures are still waiting for <paramref name="action"/>.</summary>
    /// <param name="action">An action name, or <see cref="LocalStsActions.All"/>.</param>
    /// <returns>The number of calls that will still fail.</returns>
    public int PendingFailures(string action)
    {
        lock (_gate)
        {
            return _pending.TryGetValue(action, out var queue) ? queue.Count : 0;
        }
    }

    /// <summary>
    /// Delays every call of <paramref name="action"/> by <paramref name="latency"/> before it is handled, measured on
    /// <see cref="LocalStsOptions.TimeProvider"/> (with a <c>FakeTimeProvider</c>, the call completes when the test
    /// advances it). <see cref="TimeSpan.Zero"/> removes the delay.
    /// </summary>
    /// <param name="action">An action name, or <see cref="LocalStsActions.All"/>.</param>
    /// <param name="latency">The delay.</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="latency"/> is negative.</exception>
    public void SetLatency(string action, TimeSpan latency)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        lock (_gate)
        {
            if (latency == TimeSpan.Zero)
            {
                _latency.Remove(action);
            }
            else
            {
                _latency[action] = latency;
            }
        }
    }

    /// <summary>
    /// Takes a service down from now (server time) for <paramref name="duration"/>: every call to it in that window fails
    /// with <paramref name="fault"/>, in that service's protocol. Other services keep working, as S3 and DynamoDB do in a
    /// real STS outage. Each service has one outage window; a new one replaces it.
    /// </summary>
    /// <param name="duration">How long the outage lasts.</param>
    /// <param name="fault">How calls fail.</param>
    /// <param name="service">The service, from <see cref="LocalStsServices"/>: STS unless told otherwise.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="service"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="duration"/> is not positive.</exception>
    public void StartOutage(TimeSpan duration, LocalStsFault fault = LocalStsFault.ServiceUnavailable, string service = LocalStsServices.Sts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = _now();
        ScheduleOutage(now, now + duration, fault, service);
    }

    /// <summary>Takes a service down between two server times (start inclusive, end exclusive); replaces that service's previous outage.</summary>
    /// <param name="start">When the outage starts.</param>
    /// <param name="end">When it ends.</param>
    /// <param name="fault">How calls fail.</param>
    /// <param name="service">The service, from <see cref="LocalStsServices"/>: STS unless told otherwise.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="service"/> is empty or <paramref name="end"/> is not after <paramref name="start"/>.</exception>
    public void ScheduleOutage(DateTimeOffset start, DateTimeOffset end, LocalStsFault fault = LocalStsFault.ServiceUnavailable, string service = LocalStsServices.Sts)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (end <= start)
        {
            throw new ArgumentException("The outage must end after it starts.", nameof(end));
        }

        lock (_gate)
        {
            _outages[service] = (start, end, fault);
        }
    }

    /// <summary>Ends every outage now.</summary>
    public void EndOutage()
    {
        lock (_gate)
        {
            _outages.Clear();
        }
    }

    /// <summary>Ends one service's outage now.</summary>
    /// <param name="service">A service name from <see cref="LocalStsServices"/>.</param>
    public void EndOutage(string service)
    {
        lock (_gate)
        {
            _outages.Remove(service);
        }
    }

    /// <summary>Removes every pending failure, latency and outage.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
            _latency.Clear();
            _outages.Clear();
        }
    }

    internal TimeSpan LatencyFor(string action)
    {
        lock (_gate)
        {
            return _latency.TryGetValue(action, out var latency) ? latency
                : _latency.TryGetValue(LocalStsActions.All, out latency) ? latency : TimeSpan.Zero;
        }
    }

    /// <summary>Takes the fault for this call, if any: a queued one first, then an active outage.</summary>
    internal LocalStsFault? TakeFault(string action, string service, DateTimeOffset now)
    {
        lock (_gate)
        {
            var fault = Dequeue(action) ?? Dequeue(LocalStsActions.All);
            if (fault is not null)
            {
                return fault;
            }

            if (action != LocalStsActions.Unknown && _outages.TryGetValue(service, out var outage) && now >= outage.Start && now < outage.End)
            {
                return outage.Fault;
            }

            return null;
        }
    }

    private LocalStsFault? Dequeue(string action)
        => _pending.TryGetValue(action, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
}
