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
/// fetches run at once, every fetch, and every session it handed out.
/// </summary>
internal sealed class ScriptedSource(TimeProvider time) : ICredentialSource
{
    private int _inFlight;
    private int _calls;

    public volatile StsOutcome Outcome;

    public int MaxInFlight;

    public int Calls => Volatile.Read(ref _calls);

    public int InFlight => Volatile.Read(ref _inFlight);

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
