using System.Net;
using Amazon.Runtime;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.Engine;

/// <summary>How the scripted STS answers the next fetch.</summary>
internal enum StsOutcome
{
    Success,
    ServerError,
    Throttling,
    NonRecoverable,
    Stale,
    Slow,
}

/// <summary>
/// A credential source whose answer the schedule changes at any time. It records what the invariants need: how many
/// fetches run at once, every fetch, and every fresh session it handed out and when.
/// </summary>
internal sealed class ScriptedSource(TimeProvider time) : ICredentialSource
{
    private int _inFlight;
    private int _calls;
    private long _order;

    public volatile StsOutcome Outcome;

    public int MaxInFlight;

    public int Calls => Volatile.Read(ref _calls);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// A number that orders events across threads: an answer handed to the engine and a caller's call to the engine. Two
    /// events at the same fake instant are still ordered, so "STS had answered before the caller asked" is exact.
    /// </summary>
    public long NextOrder() => Interlocked.Increment(ref _order);

    /// <summary>
    /// Fresh sessions as the engine accepted them: the fake time and the order (<see cref="NextOrder"/>) at which the
    /// answer was handed to the engine, and until when the session is valid.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset AcceptedAt, long Order, DateTimeOffset Expiration)> FreshAnswers { get; } = new();

    /// <summary>Every session handed out (fresh or stale), by access key id, with its expiration.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> Issued { get; } = new(StringComparer.Ordinal);

    public string Description => "scripted STS";

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref MaxInFlight, running);
        try
        {
            await Task.Yield(); // answer on another thread, as the SDK does
            var outcome = Outcome;
            if (outcome == StsOutcome.Slow)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), time, cancellationToken);
            }

            var now = time.GetUtcNow();
            switch (outcome)
            {
                case StsOutcome.ServerError:
                    throw FakeSts.Error("InternalFailure", "scripted", HttpStatusCode.InternalServerError);
                case StsOutcome.Throttling:
                    throw FakeSts.Error("Throttling", "Rate exceeded");
                case StsOutcome.NonRecoverable:
                    throw FakeSts.Error("AccessDenied", "not authorized", HttpStatusCode.Forbidden);
            }

            // An answer after the engine gave up on the call (its timeout, on the fake clock) is no answer, as with the SDK.
            cancellationToken.ThrowIfCancellationRequested();

            // Stale: STS answers with a session that is already inside its last minute.
            var expiration = outcome == StsOutcome.Stale ? now.AddSeconds(30) : now.AddHours(1);
            var key = "ASIA" + number.ToString("D16", System.Globalization.CultureInfo.InvariantCulture);
            Issued[key] = expiration;
            if (outcome != StsOutcome.Stale && !cancellationToken.IsCancellationRequested)
            {
                // Recorded last, as the answer is handed to an engine still waiting for it: the engine has it from this
                // moment on. The clock is read again, as the test thread may have moved it since STS made the session.
                FreshAnswers.Enqueue((time.GetUtcNow(), NextOrder(), expiration));
            }

            return new SourceCredentials(new ImmutableCredentials(key, "secret", "token"), expiration, ServerTime: null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public bool IsNonRecoverable(Exception exception) => exception is AmazonServiceException { ErrorCode: "AccessDenied" };

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

}
