namespace Sts.Resilience.Doctor;

/// <summary>The <c>sts-doctor</c> entry point.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await DoctorCommand.RunAsync(args, Console.Out, Console.Error, Engine.DoctorHost.FromProcess(), cancellation.Token).ConfigureAwait(false);
    }
}
