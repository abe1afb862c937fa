using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Sts.Resilience.Engine;
using Sts.Resilience.Tests.Credentials;

namespace Sts.Resilience.Tests.TestSupport;

/// <summary>
/// An STS that issues one-hour sessions stamped with its own clock (the <c>Date</c> header), remembers when each
/// expires (so a test can tell whether a session it was served was still valid at STS), and can fail or be held.
/// </summary>
internal sealed class ClockedSource(TimeProvider sts) : ICredentialSource
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private int _calls;
    private int _failNext;
    private TaskCompletionSource<bool>? _hold;

    /// <summary>Gets or sets a value indicating whether every call fails (HTTP 500).</summary>
    public bool Failing { get; set; }

    /// <summary>Gets the number of calls so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public string Description => "clocked STS";

    /// <summary>Throttles the next <paramref name="count"/> calls.</summary>
    public void ThrottleNext(int count) => Volatile.Write(ref _failNext, count);

    /// <summary>Holds the next calls until the returned source is completed.</summary>
    public TaskCompletionSource<bool> Hold() => _hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether STS would reject <paramref name="accessKeyId"/> as expired now.</summary>
    public bool IsExpiredAtSts(string accessKeyId) => sts.GetUtcNow() >= _issued[accessKeyId];

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _calls);
        if (_hold is { } hold)
        {
            await hold.Task.ConfigureAwait(false);
        }

        if (Failing)
        {
            throw FakeSts.Error("InternalFailure", "down", HttpStatusCode.InternalServerError);
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw FakeSts.Error("Throttling", "Rate exceeded", HttpStatusCode.BadRequest);
        }

        var now = sts.GetUtcNow();
        var key = "ASIA" + number.ToString("D16", System.Globalization.CultureInfo.InvariantCulture);
        _issued[key] = now.AddHours(1);
        return new SourceCredentials(new ImmutableCredentials(key, "secret", "token"), now.AddHours(1), now);
    }

    public bool IsNonRecoverable(Exception exception) => false;
}
