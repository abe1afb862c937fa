using System.Collections.Concurrent;
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

    public HostMeterListener(IMeterFactory factory)
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
            string? role = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "aws.iam.role_arn")
                {
                    role = tag.Value as string;
                }
                else if (tag.Key == "sts_resilience.outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            Refreshes.Enqueue((role, outcome));
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string? Role, string? Outcome)> Refreshes { get; } = new();

    public void Dispose() => _listener.Dispose();
}
