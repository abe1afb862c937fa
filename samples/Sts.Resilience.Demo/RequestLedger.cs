using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Sts.Resilience.Demo;

/// <summary>What the workload saw: every call's outcome, as the application would.</summary>
internal sealed class RequestLedger
{
    private long _ok;
    private long _failed;
    private long _firstFailureTicks = long.MaxValue;

    public ConcurrentDictionary<string, long> OkByOperation { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> FailedByOperation { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> FailuresByCode { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> ExampleMessageByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the calls made in each hour since the start (succeeded and failed), by hour.</summary>
    public ConcurrentDictionary<int, long> CallsByHour { get; } = new();

    /// <summary>Gets the failed calls in each hour since the start, by hour.</summary>
    public ConcurrentDictionary<int, long> FailedByHour { get; } = new();

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public TimeSpan? FirstFailure => Interlocked.Read(ref _firstFailureTicks) is var ticks && ticks != long.MaxValue ? TimeSpan.FromTicks(ticks) : null;

    public void Succeeded(string operation, TimeSpan at)
    {
        Interlocked.Increment(ref _ok);
        CallsByHour.AddOrUpdate((int)at.TotalHours, 1, (_, n) => n + 1);
        OkByOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
    }

    public void Fail(string operation, Exception error, TimeSpan at)
    {
        Interlocked.Increment(ref _failed);
        CallsByHour.AddOrUpdate((int)at.TotalHours, 1, (_, n) => n + 1);
        FailedByHour.AddOrUpdate((int)at.TotalHours, 1, (_, n) => n + 1);
        FailedByOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
        var code = error is AmazonServiceException { ErrorCode: { Length: > 0 } errorCode } ? errorCode : error.GetType().Name;
        FailuresByCode.AddOrUpdate(code, 1, (_, n) => n + 1);
        ExampleMessageByCode.TryAdd(code, error.Message.Split('\n', 2)[0]);
        var ticks = at.Ticks;
        long seen;
        while (ticks < (seen = Interlocked.Read(ref _firstFailureTicks)) && Interlocked.CompareExchange(ref _firstFailureTicks, ticks, seen) != seen)
        {
        }
    }
}
