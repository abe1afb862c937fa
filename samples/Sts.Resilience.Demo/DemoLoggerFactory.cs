using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Demo;

/// <summary>Shows the library's log events (Information and above) as demo events, so a viewer sees what it did and why.</summary>
internal sealed class DemoLoggerFactory : ILoggerFactory
{
    private volatile DemoConsole? _console;

    public DemoLoggerFactory(DemoConsole? console) => _console = console;

    /// <summary>
    /// Gets the factory given to the retry handler. Its registration is process-wide and lasts as long as the process,
    /// so it forwards to the console of the run in progress (<see cref="Target"/>) and drops events between runs.
    /// </summary>
    public static DemoLoggerFactory Shared { get; } = new(console: null);

    public DemoConsole? Target
    {
        get => _console;
        set => _console = value;
    }

    public ILogger CreateLogger(string categoryName) => new EventLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class EventLogger(DemoLoggerFactory owner, string category) : ILogger
    {
        private readonly string _kind = category.Contains("Retry", StringComparison.Ordinal) ? "retry" : "creds";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && owner._console is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || owner._console is not { } console)
            {
                return;
            }

            var level = logLevel >= LogLevel.Warning ? logLevel.ToString().ToUpperInvariant() + " " : string.Empty;
            var message = formatter(state, exception);
            var firstLine = message.Split('\n', 2)[0];
            console.Event(_kind, $"{level}[{eventId.Id}] {firstLine}");
        }
    }
}
