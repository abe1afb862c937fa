using System.Globalization;

namespace Sts.Resilience.Demo;

/// <summary>
/// Writes events as lines and progress either as one line rewritten in place (a terminal) or as plain lines
/// at intervals (output redirected, or tests).
/// </summary>
internal sealed class DemoConsole
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly Func<TimeSpan> _clock;
    private readonly object _gate = new();
    private int _statusLength;

    public DemoConsole(TextWriter output, bool live, Func<TimeSpan> clock)
    {
        _output = output;
        _live = live;
        _clock = clock;
    }

    public bool Live => _live;

    public TimeSpan Now => _clock();

    public static string Format(TimeSpan elapsed) => elapsed < TimeSpan.Zero
        ? "-" + Format(elapsed.Negate())
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");

    /// <summary>Writes a line stamped with the (simulated) time since the start.</summary>
    public void Event(string kind, string text) => Line(string.Create(CultureInfo.InvariantCulture, $"+{Format(_clock()),-8} {kind,-8} {text}"));

    public void Line(string text)
    {
        lock (_gate)
        {
            ClearStatus();
            _output.WriteLine(text);
        }
    }

    public void Status(string text)
    {
        lock (_gate)
        {
            if (_live)
            {
                var padded = text.Length < _statusLength ? text.PadRight(_statusLength) : text;
                _output.Write("\r" + padded);
                _statusLength = text.Length;
                _output.Flush();
            }
            else
            {
                _output.WriteLine(text);
            }
        }
    }

    public void EndStatus()
    {
        lock (_gate)
        {
            ClearStatus();
        }
    }

    private void ClearStatus()
    {
        if (_live && _statusLength > 0)
        {
            _output.Write("\r" + new string(' ', _statusLength) + "\r");
            _statusLength = 0;
        }
    }
}
