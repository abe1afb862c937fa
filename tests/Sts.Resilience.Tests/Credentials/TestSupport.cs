using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>A FakeTimeProvider that remembers every timer it made, so a test can see whether any is still armed.</summary>
internal sealed class TrackingTimeProvider : FakeTimeProvider
{
    public TrackingTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public TrackingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    public ConcurrentBag<TrackedTimer> Timers { get; } = [];

    public int ActiveTimers => Timers.Count(t => !t.Disposed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(base.CreateTimer(callback, state, dueTime, period));
        Timers.Add(timer);
        return timer;
    }

    internal sealed class TrackedTimer(ITimer inner) : ITimer
    {
        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A clock whose timers never fire: a suspended process or a starved thread pool.</summary>
internal sealed class NeverFiringTimeProvider : FakeTimeProvider
{
    public NeverFiringTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new DeadTimer();

    private sealed class DeadTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Captures every formatted log line and its event id.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public string AllText => string.Join(Environment.NewLine, Entries.Select(e => e.Message));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                text += " | " + string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}"));
            }

            if (exception is not null)
            {
                text += " | " + exception;
            }

            owner.Entries.Enqueue((logLevel, eventId, text));
        }
    }
}
