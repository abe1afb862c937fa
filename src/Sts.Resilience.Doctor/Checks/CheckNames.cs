namespace Sts.Resilience.Doctor.Checks;

/// <summary>The check names, in report order. They prefix every finding id, so they never change.</summary>
internal static class CheckNames
{
    public const string Environment = "environment";
    public const string Profiles = "profiles";
    public const string CliCache = "cli-cache";
    public const string Clock = "clock";
    public const string Identity = "identity";
    public const string Role = "role";
}
