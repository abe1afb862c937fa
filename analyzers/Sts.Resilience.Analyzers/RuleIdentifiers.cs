namespace Sts.Resilience.Analyzers;

/// <summary>The ids of every rule, and where each one is documented.</summary>
internal static class RuleIdentifiers
{
    public const string HardCodedSessionToken = "STSR001";
    public const string HardCodedAccessKey = "STSR002";
    public const string SessionCredentialsCannotRefresh = "STSR003";
    public const string CredentialsInEnvironment = "STSR004";
    public const string DurationOutOfRange = "STSR005";
    public const string CredentialsSnapshotInField = "STSR006";

    public const string Category = "Sts.Resilience";

    private const string DocsBase = "https://github.com/sts-resilience/sts-resilience/blob/main/docs/rules/";

    /// <summary>The help link of a rule: its page under <c>docs/rules/</c>.</summary>
    public static string GetHelpUri(string id) => DocsBase + id + ".md";
}
