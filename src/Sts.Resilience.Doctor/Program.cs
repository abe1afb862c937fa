namespace Sts.Resilience.Doctor;

/// <summary>The <c>sts-doctor</c> entry point.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => DoctorCommand.RunAsync(args, Console.Out, Console.Error);
}
