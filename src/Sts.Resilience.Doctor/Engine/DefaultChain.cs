namespace Sts.Resilience.Doctor.Engine;

/// <summary>The source the default chain would use, as the doctor words it.</summary>
/// <param name="Source">The source picked.</param>
/// <param name="Detail">What selects it ("profile 'dev' (AWS_PROFILE)", "AWS_CONTAINER_CREDENTIALS_FULL_URI").</param>
/// <param name="Skipped">Sources the chain tries first and passes over for a reason worth showing (half a configuration, a profile without credentials).</param>
/// <param name="Decision">The library's decision the words come from.</param>
internal sealed record ChainPick(DefaultChainSource Source, string Detail, IReadOnlyList<string> Skipped, DefaultChainDecision Decision);

/// <summary>
/// Which source the AWS SDK for .NET v4's default chain (and <c>RefreshingCredentials.FromDefaultChain()</c>) picks for
/// the <see cref="DoctorHost"/>'s environment. The decision is the library's (<see cref="DefaultChainDecision"/>, from
/// variables and profile files only, no network); this class only words it for the report. Instance metadata is picked
/// when nothing before it applies, whether or not it answers (the chain only learns that by asking).
/// </summary>
internal static class DefaultChain
{
    public const string ImdsDisabledVariable = Sts.Resilience.RefreshingInstanceProfileCredentials.DisabledVariable;

    public static ChainPick Resolve(DoctorHost host)
    {
        // The host's home is the doctor's (the same rule as the library's, but fixed per host so tests use their own).
        var decision = DefaultChainDecision.Decide(name => name == "HOME" ? host.HomeDirectory : host.GetVariable(name));
        var skipped = decision.Skipped.Where(s => s.Reason is DefaultChainSkipReason.Incomplete or DefaultChainSkipReason.NoCredentials)
            .Select(s => Words(s, decision))
            .ToList();
        return new ChainPick(decision.Source, Detail(decision), skipped, decision);
    }

    /// <summary>Whether <c>AWS_EC2_METADATA_DISABLED</c> turns instance metadata off (the SDKs accept <c>true</c> in any case).</summary>
    public static bool ImdsDisabled(DoctorHost host) =>
        string.Equals(host.GetVariable(ImdsDisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string Detail(DefaultChainDecision decision) => decision.Source switch
    {
        DefaultChainSource.EnvironmentKeys => "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
        DefaultChainSource.WebIdentity => $"{WebIdentityVariables.TokenFile} and {WebIdentityVariables.RoleArn}",
        // The SDK fails rather than falling through when the named profile is missing or broken; the profiles check explains it.
        DefaultChainSource.Profile when decision.Settings.Any(s => s.Key == "AWS_PROFILE") => $"profile '{decision.ProfileName}' (AWS_PROFILE)",
        DefaultChainSource.Profile => $"profile '{decision.ProfileName}'",
        DefaultChainSource.Container => decision.Settings[0].Key,
        DefaultChainSource.InstanceMetadata => "no earlier source is configured",
        _ => $"{ImdsDisabledVariable}=true",
    };

    private static string Words(DefaultChainSkip skip, DefaultChainDecision decision) => skip.Source switch
    {
        DefaultChainSource.EnvironmentKeys => "environment keys: only half a key pair is set",
        DefaultChainSource.WebIdentity => $"web identity: {skip.MissingSettings[0]} is not set",
        _ => $"profile '{decision.ProfileName}': it holds no credentials",
    };
}
