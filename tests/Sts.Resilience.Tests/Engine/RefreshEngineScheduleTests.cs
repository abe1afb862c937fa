using Amazon.Runtime;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// The engine under random schedules: callers on many threads (GetCredentials, GetCredentialsAsync with and without a
/// minimum validity), invalidations of the current and of a stale key, clock steps, STS changing its answer (success,
/// 500, throttling, non-recoverable, stale, slow) and Dispose, interleaved. After every schedule: never more than one
/// STS call at a time; no caller got a session that had expired before it called although the engine had published a
/// fresh session (still valid then) after that session's mandatory window began and before the call; every call
/// completed with credentials or a documented exception; STS calls stay within one per caller operation plus three per
/// clock step. A failure prints the CsCheck seed that replays it.
/// <para>
/// "Published" is when the engine took the session as its cached entry (its Refreshed event, logged just after), and
/// "before the call" is an order shared by the publications and the callers' calls, not the fake clock: two events at
/// the same fake instant are still ordered. Session 3's strict version counted an answer from the moment the source
/// returned it, and from then until the engine's continuation ran (a thread hop, long under load) the test thread could
/// move the clock past the answer's expiry: the engine then rightly asked STS once more (the answer was outlived in
/// flight), that call failed, and a caller that had called in between got the older expired session (seed
/// eDx36QDaX9-1, once in 45,000 schedules, not replayable). The test marked the answer handed over too early; the
/// engine could not have served that answer valid.
/// </para>
/// </summary>
public sealed class RefreshEngineScheduleTests(ITestOutputHelper output)
{
    private const long Schedules = 5_000;
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private enum Kind
    {
        Get,
        GetAsync,
        GetAsyncMinimum,
        InvalidateCurrent,
        InvalidateStale,
        Advance,
        SetOutcome,
        Dispose,
    }

    private readonly record struct Step(Kind Kind, int Argument)
    {
        public override string ToString() => Kind + "(" + Argument + ")";
    }

    private static Gen<Step> AnyStep(params StsOutcome[] outcomes) => Gen.Frequency(
        (2, Gen.Int[0, 1].Select(_ => new Step(Kind.Get, 0))),
        (4, Gen.Int[0, 1].Select(_ => new Step(Kind.GetAsync, 0))),
        (2, Gen.Int[0, 70].Select(minutes => new Step(Kind.GetAsyncMinimum, minutes))),
        (1, Gen.Int[0, 1].Select(_ => new Step(Kind.InvalidateCurrent, 0))),
        (1, Gen.Int[0, 1].Select(_ => new Step(Kind.InvalidateStale, 0))),
        (4, Gen.OneOf(1, 10, 30, 59, 60, 300, 600, 840, 900, 2700, 3000, 3540, 3570, 3600, 3660, 7200).Select(seconds => new Step(Kind.Advance, seconds))),
        (3, Gen.OneOf(outcomes).Select(outcome => new Step(Kind.SetOutcome, (int)outcome))),
        (1, Gen.Int[0, 9].Select(chance => new Step(Kind.Dispose, chance))));

    /// <summary>
    /// No background refresh, clock steps only while no STS call is in flight, and STS answering with sessions, 500s or
    /// throttling: the part of the schedule space that holds on the engine as merged (see the skipped tests below).
    /// </summary>
    [Fact]
    public void RandomSchedules_CallerDrivenRefresh_HoldEveryInvariant()
        => Check(AnyStep(StsOutcome.Success, StsOutcome.ServerError, StsOutcome.Throttling), quiesce: true, background: Gen.Const(false));

    /// <summary>
    /// With the background refresh on and clock steps while STS calls are in flight. Found (seeds 2NJzJG5Snt01,
    /// 7BkHVu2xzcU1, 7GpYq9uIbZX2, issue 13): a session fetched as the clock jumped past expiry was rejected as expired and
    /// callers got the older expired session; the engine now asks once more when the clock outlives an answer in flight.
    /// </summary>
    [Fact]
    public void RandomSchedules_BackgroundRefresh_HoldEveryInvariant()
        => Check(AnyStep(StsOutcome.Success, StsOutcome.ServerError, StsOutcome.Throttling, StsOutcome.Slow), quiesce: false, background: Gen.Bool);

    /// <summary>
    /// With non-recoverable and stale answers too. Found (issue 13): a stale answer (a session already in its last minute)
    /// was taken as a success and fetched again at once (seeds fB9tFgWKv-A1, 2XMt7ka7z0o1), now a failure with fast
    /// backoff; an expired session served after a non-recoverable error (seeds avs85ohLDtk1, e1m2hNsmYI01) was an
    /// answer the fake clock had outlived on its way, see the invariant. The schedules are thread interleavings too.
    /// </summary>
    [Fact]
    public void RandomSchedules_AllOutcomes_HoldEveryInvariant()
        => Check(AnyStep(Enum.GetValues<StsOutcome>()), quiesce: false, background: Gen.Bool);

    private void Check(Gen<Step> step, bool quiesce, Gen<bool> background)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io); // blocked synchronous callers must not wait for thread injection
        try
        {
            Gen.Select(step.Array[1, 30], background).Sample(
                (steps, background) => RunAsync(steps, background, quiesce).GetAwaiter().GetResult(),
                iter: Schedules, threads: 2, writeLine: output.WriteLine,
                print: t => (t.Item2 ? "background " : "no background ") + string.Join(" ", t.Item1));
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }

    private static async Task RunAsync(Step[] steps, bool background, bool quiesce)
    {
        var time = new FakeTimeProvider(Start);
        var source = new ScriptedSource(time);
        long order = 0;
        var published = new PublicationLog(time, () => Interlocked.Increment(ref order));
        var engine = new RefreshEngine(source, new RefreshEngineOptions
        {
            Name = "schedule",
            TimeProvider = time,
            Logger = published,
            BackgroundRefresh = background,
            Timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(300), NonRecoverableCache = () => TimeSpan.FromSeconds(2), BackgroundJitter = room => room / 2 },
        });
        var calls = new List<Task>();
        var served = new System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset AskedAt, long Order, ImmutableCredentials Credentials, DateTimeOffset ServedAt)>();
        var unexpected = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var callerOperations = 0;
        var clockSteps = 0;
        var disposed = false;

        void Call(Func<Task<ImmutableCredentials>> call)
        {
            callerOperations++;
            var wasDisposed = disposed;
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    // As the caller calls the engine: the clock, and the order of this call among the publications.
                    var askedAt = time.GetUtcNow();
                    var calledAt = Interlocked.Increment(ref order);
                    var credentials = await call();
                    served.Enqueue((askedAt, calledAt, credentials, time.GetUtcNow()));
                }
                catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException || (ex is ObjectDisposedException && (wasDisposed || disposed)))
                {
                }
                catch (Exception ex)
                {
                    unexpected.Enqueue(ex);
                }
            }));
        }

        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case Kind.Get:
                    Call(() => Task.FromResult(engine.GetCredentials()));
                    break;
                case Kind.GetAsync:
                    Call(engine.GetCredentialsAsync);
                    break;
                case Kind.GetAsyncMinimum:
                    Call(() => engine.GetCredentialsAsync(TimeSpan.FromMinutes(step.Argument)));
                    break;
                case Kind.InvalidateCurrent:
                    callerOperations++;
                    if (engine.Entry is { } current)
                    {
                        engine.Invalidate(current.Credentials.AccessKey);
                    }

                    break;
                case Kind.InvalidateStale:
                    callerOperations++;
                    engine.Invalidate("ASIASTALESTALESTALE0");
                    break;
                case Kind.Advance:
                    clockSteps++;
                    if (quiesce)
                    {
                        // Without slow answers every call completes without the clock: let them, then any timer-started fetch.
                        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
                    }

                    for (var wait = 0; quiesce && source.InFlight > 0 && wait < 2000; wait++)
                    {
                        await Task.Delay(1); // a real millisecond: the in-flight call answers on the thread pool
                    }

                    time.Advance(TimeSpan.FromSeconds(step.Argument));
                    break;
                case Kind.SetOutcome:
                    source.Outcome = (StsOutcome)step.Argument;
                    break;
                case Kind.Dispose when step.Argument == 0:
                    disposed = true;
                    engine.Dispose();
                    break;
            }

            if (step.Kind != Kind.Advance && calls.Count % 4 == 0)
            {
                await Task.Yield();
            }
        }

        // Let every call finish: STS answers again and the clock moves a minute at a time (slow answers wait on it).
        source.Outcome = StsOutcome.Success;
        var all = Task.WhenAll(calls);
        for (var i = 0; !all.IsCompleted && i < 600; i++)
        {
            await Task.WhenAny(all, Task.Delay(5));
            if (!all.IsCompleted)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                clockSteps++;
            }
        }

        Assert.True(all.IsCompleted, $"{calls.Count(c => !c.IsCompleted)} of {calls.Count} calls never completed");
        Assert.Empty(unexpected);
        Assert.True(source.MaxInFlight <= 1, $"{source.MaxInFlight} STS calls in flight at once");
        Assert.True(source.Calls <= 1 + callerOperations + (3 * clockSteps), $"{source.Calls} STS calls for {callerOperations} caller operations and {clockSteps} clock steps");

        var answers = published.Fresh.ToArray();
        foreach (var (askedAt, calledAt, credentials, servedAt) in served)
        {
            var expiration = source.Issued[credentials.AccessKey];
            if (expiration > askedAt)
            {
                continue;
            }

            // Served a session that had expired before the caller asked: only allowed when the engine had not published a
            // fresh session since this one's mandatory window began, before the call, still valid when the caller asked.
            var answeredSince = answers.Any(a => a.PublishedAt >= expiration - RefreshingRoleCredentialsDefaults.MandatoryWindow && a.Order < calledAt && a.Expiration > askedAt);
            Assert.False(answeredSince, $"served {credentials.AccessKey}, expired at {expiration:HH:mm:ss}, to a caller at {askedAt:HH:mm:ss} although the engine had published a fresh session before"
                + $" (fresh sessions published at {string.Join(", ", answers.Select(a => a.PublishedAt.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " #" + a.Order))};"
                + $" served {string.Join(", ", served.Select(x => x.Credentials.AccessKey[^2..] + "@" + x.AskedAt.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "-" + x.ServedAt.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))})");
        }

        await engine.DisposeAsync();
    }

    /// <summary>
    /// The engine's log, read for one event: Refreshed (1001), which the engine logs just after it took a fresh session
    /// as its cached entry. Records when (fake time and the shared order) and until when the session is valid.
    /// </summary>
    private sealed class PublicationLog(TimeProvider time, Func<long> nextOrder) : Microsoft.Extensions.Logging.ILogger
    {
        private const int RefreshedEventId = 1001;

        public System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset PublishedAt, long Order, DateTimeOffset Expiration)> Fresh { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != RefreshedEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }

            var order = nextOrder();
            var expiration = (DateTimeOffset)fields.First(f => f.Key == "Expiration").Value!;
            Fresh.Enqueue((time.GetUtcNow(), order, expiration));
        }
    }
}
