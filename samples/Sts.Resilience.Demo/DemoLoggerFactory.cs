using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Demo;

/// <summary>Shows the library's log events (Information and above) as demo events, so a viewer sees what it did and why.</summary>
internal sealed class DemoLoggerFactory(DemoConsole console) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new EventLogger(console, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class EventLogger(DemoConsole console, string category) : ILogger
    {
        private readonly string _kind = category.Contains("Retry", StringComparison.Ordinal) ? "retry" : "creds";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
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
