using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Demo;

/// <summary>Counts the library's own metrics (refreshes by trigger and outcome, expired-token retries by outcome) for one role.</summary>
internal sealed class LibraryTelemetry : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _roleArn;
    private readonly Func<TimeSpan> _elapsed;

    /// <param name="roleArn">The role whose refreshes are counted.</param>
    /// <param name="elapsed">The (simulated) time since the start, to count refreshes by hour.</param>
    public LibraryTelemetry(string roleArn, Func<TimeSpan> elapsed)
    {
        _roleArn = roleArn;
        _elapsed = elapsed;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StsResilienceTelemetry.MeterName && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Gets refresh attempts by "trigger/outcome".</summary>
    public ConcurrentDictionary<string, long> Refreshes { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets refresh attempts (every trigger and outcome) in each hour since the start, by hour.</summary>
    public ConcurrentDictionary<int, long> RefreshesByHour { get; } = new();

    /// <summary>Gets expired-token retries by outcome (recovered, not_refreshable, failed_again, body_not_rewindable).</summary>
    public ConcurrentDictionary<string, long> Retries { get; } = new(StringComparer.Ordinal);

    public long RefreshCount(string? trigger = null, string? outcome = null) =>
        Refreshes.Where(p => (trigger is null || p.Key.StartsWith(trigger + "/", StringComparison.Ordinal))
            && (outcome is null || p.Key.EndsWith("/" + outcome, StringComparison.Ordinal))).Sum(p => p.Value);

    public long RetryCount(string outcome) => Retries.TryGetValue(outcome, out var count) ? count : 0;

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? outcome = null, trigger = null, role = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "sts_resilience.outcome":
                    outcome = tag.Value as string;
                    break;
                case "sts_resilience.trigger":
                    trigger = tag.Value as string;
                    break;
                case "aws.iam.role_arn":
                    role = tag.Value as string;
                    break;
                default:
                    break;
            }
        }

        if (instrument.Name == "sts_resilience.credentials.refreshes" && role == _roleArn)
        {
            Refreshes.AddOrUpdate($"{trigger}/{outcome}", value, (_, old) => old + value);
            RefreshesByHour.AddOrUpdate((int)_elapsed().TotalHours, value, (_, old) => old + value);
        }
        else if (instrument.Name == "sts_resilience.expired_token.retries" && outcome is not null)
        {
            Retries.AddOrUpdate(outcome, value, (_, old) => old + value);
        }
    }
}
