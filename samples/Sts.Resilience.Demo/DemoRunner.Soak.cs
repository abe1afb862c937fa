using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>
/// The soak (<c>--soak</c>): the demo's workload for many hours of one-hour sessions with a seeded plan of faults
/// (<see cref="SoakPlan"/>), one at a time, each given time to settle before the next. STS is never down in the last
/// two minutes of a session, so every session can be replaced: any failed call is the library's.
/// </summary>
public static partial class DemoRunner
{
    private static readonly TimeSpan MemorySampleInterval = TimeSpan.FromMinutes(10);

    /// <summary>The soak's moving parts, shared by the fault task and the clock's step hook.</summary>
    private sealed class SoakRun(LocalSts sts, RefreshingCredentials credentials, SteppedDemoClock clock, SkewedTimeProvider skew, DemoConsole console, RequestLedger ledger, List<InjectedFault> faults)
    {
        private readonly List<MemorySample> _memory = [];
        private readonly List<long> _stsCallsAtHour = [0];
        private TimeSpan _nextSample;

        public IReadOnlyList<SoakFault> Plan { get; init; } = [];

        public int Seed { get; init; }

        /// <summary>Called by the clock after each step, before the faults act: samples memory and counts STS calls per hour.</summary>
        public void AfterStep()
        {
            if (clock.Elapsed >= _nextSample)
            {
                // LocalSts keeps a record of every request it served, for tests to inspect; a soak has no use for it, and
                // it would grow by each of the run's calls. Dropped before each sample, so the heap measured is the
                // library's, the AWS SDK's and the workload's.
                sts.ClearRequests();
                _memory.Add(new MemorySample(clock.Elapsed, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
                _nextSample += MemorySampleInterval;
            }

            while (clock.Elapsed >= TimeSpan.FromHours(_stsCallsAtHour.Count))
            {
                _stsCallsAtHour.Add(sts.Counters.Count(LocalStsActions.AssumeRole));
            }
        }

        public SoakReport Report()
        {
            var calls = _stsCallsAtHour.Append(sts.Counters.Count(LocalStsActions.AssumeRole)).ToList();
            var hours = (int)Math.Ceiling(clock.Elapsed.TotalHours);
            return new SoakReport
            {
                Seed = Seed,
                Plan = Plan,
                Memory = _memory,
                StsCallsByHour = Enumerable.Range(0, hours).Select(h => calls[Math.Min(h + 1, calls.Count - 1)] - calls[Math.Min(h, calls.Count - 1)]).ToList(),
            };
        }

        public async Task InjectAsync(CancellationToken stop)
        {
            var next = 0;
            try
            {
                for (; next < Plan.Count; next++)
                {
                    var fault = Plan[next];
                    await clock.WaitUntilAsync(() => clock.Elapsed >= fault.At, stop);
                    var at = clock.Elapsed;
                    var failedBefore = ledger.Failed;
                    var outcome = await InjectOneAsync(fault, stop);
                    await clock.SettleAsync(stop);
                    var failed = ledger.Failed - failedBefore;
                    faults.Add(new InjectedFault(fault.Describe(), at, Invariant($"{outcome}; {failed} calls failed"), failed == 0));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run ended first: the faults not injected are listed below.
            }
            finally
            {
                sts.Faults.EndOutage();
                for (; next < Plan.Count; next++)
                {
                    faults.Add(new InjectedFault(Plan[next].Describe(), clock.Elapsed, "NOT REACHED: the run ended before this fault was injected or settled", Handled: false, Reached: false));
                }
            }
        }

        private async Task<string> InjectOneAsync(SoakFault fault, CancellationToken stop)
        {
            var refreshes = credentials.Status.RefreshCount;
            switch (fault.Kind)
            {
                case SoakFaultKind.StsOutage:
                    return await OutageAsync(fault.Amount, stop);
                case SoakFaultKind.StsThrottling or SoakFaultKind.StsConnectionReset:
                    sts.Faults.FailNext(LocalStsActions.AssumeRole, fault.Count, fault.Kind == SoakFaultKind.StsThrottling ? LocalStsFault.Throttling : LocalStsFault.ConnectionReset);
                    console.Event("FAULT", fault.Describe());

                    // The faults wait for the next refresh; then a refresh must succeed. A success counted since the
                    // injection came after the failures (they fail the very next AssumeRole calls), possibly in the same
                    // refresh: the AWS SDK resends a request whose connection was reset.
                    await clock.WaitUntilAsync(() => sts.Faults.PendingFailures(LocalStsActions.AssumeRole) == 0, stop);
                    var failedAt = clock.Elapsed;
                    await clock.WaitUntilAsync(() => credentials.Status.RefreshCount > refreshes, stop);
                    return Invariant($"the refresh at +{DemoConsole.Format(failedAt)} failed {fault.Count}x, a session came at +{DemoConsole.Format(clock.Elapsed)}");
                case SoakFaultKind.ServiceThrottling or SoakFaultKind.ServiceConnectionReset:
                    var kind = fault.Kind == SoakFaultKind.ServiceThrottling ? LocalStsFault.Throttling : LocalStsFault.ConnectionReset;

                    // At most two in a row for one operation: the AWS SDK's standard mode makes three attempts.
                    var count = Math.Min(fault.Count, 2);
                    sts.Faults.FailNext(LocalStsActions.ListBuckets, count, kind);
                    sts.Faults.FailNext(LocalStsActions.ListTables, count, kind);
                    console.Event("FAULT", fault.Describe());
                    await clock.WaitUntilAsync(() => sts.Faults.PendingFailures(LocalStsActions.ListBuckets) + sts.Faults.PendingFailures(LocalStsActions.ListTables) == 0, stop);
                    return Invariant($"{count} S3 and {count} DynamoDB responses failed; the AWS SDK retried");
                case SoakFaultKind.Revocation:
                    sts.RevokeAllSessions();
                    console.Event("FAULT", "every session revoked");
                    await clock.WaitUntilAsync(() => credentials.Status.RefreshCount > refreshes, stop);
                    return Invariant($"a new session at +{DemoConsole.Format(clock.Elapsed)}");
                case SoakFaultKind.ClockJump:
                    skew.Offset = fault.Amount;
                    console.Event("FAULT", fault.Describe());
                    return Invariant($"the application's clock is {skew.Offset.TotalMinutes:+0;-0;0} min off STS's");
                case SoakFaultKind.Suspend:
                    console.Event("FAULT", fault.Describe());
                    clock.Suspend(fault.Amount);
                    return Invariant($"resumed at +{DemoConsole.Format(clock.Elapsed)}");
                default:
                    throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "Unknown fault.");
            }
        }

        /// <summary>
        /// An outage of up to <paramref name="longest"/>, ending at least two minutes (plus the application's clock error)
        /// before the current session expires, so that STS answers in every session's last minutes.
        /// </summary>
        private async Task<string> OutageAsync(TimeSpan longest, CancellationToken stop)
        {
            // The margin grows by the application's clock error: a clock ahead of STS's sees the session end sooner.
            var margin = TimeSpan.FromMinutes(2) + skew.Offset.Duration();
            var now = clock.Time.GetUtcNow();
            if (credentials.Status.Expiration is not { } expiration || expiration - margin - now < TimeSpan.FromMinutes(1))
            {
                // Too close to the end of this session for even a minute of outage: wait for the next one.
                var refreshes = credentials.Status.RefreshCount;
                await clock.WaitUntilAsync(() => credentials.Status.RefreshCount > refreshes && credentials.Status.Expiration is { } e && e - margin - clock.Time.GetUtcNow() >= TimeSpan.FromMinutes(1), stop);
                now = clock.Time.GetUtcNow();
                expiration = credentials.Status.Expiration!.Value;
            }

            var duration = TimeSpan.FromTicks(Math.Min(longest.Ticks, (expiration - margin - now).Ticks));
            duration = TimeSpan.FromSeconds(Math.Floor(duration.TotalSeconds / 15) * 15);
            var started = clock.Elapsed;
            sts.Faults.StartOutage(duration, LocalStsFault.ServiceUnavailable);
            console.Event("FAULT", Invariant($"STS outage for {DemoConsole.Format(duration)}; the session has {DemoConsole.Format(expiration - now)} left"));
            await clock.WaitUntilAsync(() => clock.Elapsed >= started + duration, stop);
            sts.Faults.EndOutage();
            return Invariant($"STS down {DemoConsole.Format(duration)} (the session had {DemoConsole.Format(expiration - now)} left)");
        }
    }
}
