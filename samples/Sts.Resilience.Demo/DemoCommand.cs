namespace Sts.Resilience.Demo;

/// <summary>The demo's command line: parses the arguments, runs, and turns the summary into an exit code.</summary>
public static class DemoCommand
{
    /// <summary>Runs the demo until it ends or Ctrl+C; returns the exit code (0 no failed request, 1 failures, 2 bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = DemoOptions.Parse(args, out var problem, out var help);
        if (help)
        {
            await output.WriteLineAsync(DemoOptions.Usage);
            return 0;
        }

        if (options is null)
        {
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}Run with --help for the options.");
            return 2;
        }

        options.Live ??= ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var summary = await DemoRunner.RunAsync(options, output, interrupt.Token);
            return summary.ExitCode;
        }
        catch (DemoException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
