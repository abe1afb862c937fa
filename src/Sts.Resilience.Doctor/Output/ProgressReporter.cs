namespace Sts.Resilience.Doctor.Output;

/// <summary>
/// Tells the user what the tool is waiting for, on standard error so standard output stays clean for
/// <c>--json</c>. On a terminal the line overwrites itself and is erased at the end; otherwise plain lines.
/// </summary>
internal sealed class ProgressReporter(TextWriter stderr, bool interactive)
{
    private bool _showing;

    public void Show(string message)
    {
        if (interactive)
        {
            stderr.Write("\r\u001b[2K" + message + "...");
            _showing = true;
        }
        else
        {
            stderr.WriteLine("sts-doctor: " + message + "...");
        }

        stderr.Flush();
    }

    public void Clear()
    {
        if (_showing)
        {
            stderr.Write("\r\u001b[2K");
            stderr.Flush();
            _showing = false;
        }
    }
}
