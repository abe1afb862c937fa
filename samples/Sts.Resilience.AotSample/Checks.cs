namespace Sts.Resilience.AotSample;

/// <summary>Prints each step as PASS or FAIL and turns the result into the exit code.</summary>
internal sealed class Checks
{
    private int _failed;
    private int _passed;

    public void That(bool condition, string what)
    {
        Console.WriteLine((condition ? "PASS " : "FAIL ") + what);
        if (condition)
        {
            _passed++;
        }
        else
        {
            _failed++;
        }
    }

    public int Finish()
    {
        Console.WriteLine(_failed == 0 ? $"AOT sample: all {_passed} checks passed." : $"AOT sample: {_failed} of {_passed + _failed} checks failed.");
        return _failed == 0 ? 0 : 1;
    }
}
