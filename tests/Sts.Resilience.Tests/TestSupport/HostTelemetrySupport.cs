using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>Collects every log entry of a host, with its event id and formatted message.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, int EventId, LogLevel Level, string Message)> Queue { get; } = new();

    public IReadOnlyList<(string Category, int EventId, LogLevel Level, string Message)> Entries => [.. Queue];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Queue.Enqueue((category, eventId.Id, logLevel, formatter(state, exception)));
    }
}

/// <summary>Listens to the refresh counter of the Sts.Resilience meter that one host's IMeterFactory created, and no other.</summary>
internal sealed class HostMeterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(Func<(string? Role, string? Outcome, string? Trigger), bool> Match, TaskCompletionSource Done)> _waiters = [];

    /// <param name="factory">The host's meter factory; <see langword="null"/> for the package's own static meter (no host).</param>
    public HostMeterListener(IMeterFactory? factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StsResilienceTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name == "sts_resilience.credentials.refreshes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? role = null, outcome = null, trigger = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "aws.iam.role_arn":
                        role = tag.Value as string;
                        break;
                    case "sts_resilience.outcome":
                        outcome = tag.Value as string;
                        break;
                    case "sts_resilience.trigger":
                        trigger = tag.Value as string;
                        break;
                }
            }

            Refreshes.Enqueue((role, outcome, trigger));
            lock (_waiters)
            {
                foreach (var (match, done) in _waiters)
                {
                    if (match((role, outcome, trigger)))
                    {
                        done.TrySetResult();
                    }
                }
            }
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string? Role, string? Outcome, string? Trigger)> Refreshes { get; } = new();

    /// <summary>
    /// Completes when a refresh that <paramref name="match"/> accepts has been counted (or already was). Background
    /// refreshes run over real loopback HTTP, so a test waits for this signal instead of polling or sleeping.
    /// </summary>
    public Task WaitForAsync(Func<(string? Role, string? Outcome, string? Trigger), bool> match)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, done));
            if (Refreshes.Any(match))
            {
                done.TrySetResult();
            }
        }

        // Only a guard against a hang: the refresh is due at once, and a test that never sees it fails here.
        return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>
/// Records every refresh that starts for one role ARN. A refresh starts its activity synchronously, inside the timer
/// callback that a fake clock's <c>Advance</c> runs, so "no refresh started" can be asserted as soon as Advance returns,
/// before any HTTP request could have reached LocalSts.
/// </summary>
internal sealed class RefreshStarts : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _started = new();

    public RefreshStarts()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StsResilienceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _started.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The refreshes started so far for <paramref name="roleArn"/> (the role tag is set right after the start).</summary>
    public int For(string roleArn) => _started.Count(a => Equals(a.GetTagItem("aws.iam.role_arn"), roleArn));

    public void Dispose() => _listener.Dispose();
}
