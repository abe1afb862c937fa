using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Which source the AWS SDK for .NET's default credential chain would pick (environment keys, web identity, profile,
/// container, instance metadata), and whether an earlier source hides one the platform configured (keys left in a pod
/// that should use its role). On Lambda the environment keys are the function's own and hide nothing.
/// </summary>
internal sealed class ChainCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "chain";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var pick = context.Chain;
        var host = context.Host;
        var skipped = pick.Skipped.Count == 0 ? "" : $" (passed over: {string.Join("; ", pick.Skipped)})";
        if (pick.Source == DefaultChainSource.None && context.Options.Profile is not null)
        {
            // The user asked about one profile; what the chain would do without it is context, not the problem.
            return Result(new Finding("chain.none", CheckName, Severity.Ok,
                $"Without --profile the default credential chain would find no source ({pick.Detail}){skipped}."));
        }

        if (pick.Source == DefaultChainSource.None)
        {
            return Result(new Finding("chain.none", CheckName, Severity.Problem,
                $"The default credential chain finds no source: no environment keys, no AWS_PROFILE or [default] profile, no web identity, no container credentials, and {pick.Detail}{skipped}.",
                "Configure one: a profile with role_arn + source_profile, web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), or container credentials."));
        }

        var hidden = Hidden(host, pick.Source);
        var picked = $"The default credential chain picks {Describe(pick.Source)}: {pick.Detail}{skipped}.";
        if (pick.Source == DefaultChainSource.EnvironmentKeys && LambdaAdvice.IsLambda(host))
        {
            return Result(new Finding("chain.lambda", CheckName, Severity.Ok, $"{picked} {LambdaAdvice.WhyTheVariables}"));
        }

        if (hidden.Count > 0)
        {
            var fix = pick.Source == DefaultChainSource.EnvironmentKeys
                ? $"Remove the keys from this process's environment (deployment manifest, Dockerfile ENV, .env file) so the SDKs use {string.Join(" and ", hidden)}."
                : $"Unset AWS_PROFILE and remove the [default] profile from this machine's image, so the SDKs use {string.Join(" and ", hidden)}.";
            return Result(new Finding("chain.hides-platform-source", CheckName, Severity.Warning,
                $"{picked} It hides {string.Join(" and ", hidden)}, which this platform set up.", fix));
        }

        return Result(new Finding("chain.pick", CheckName, Severity.Ok, picked));
    }

    /// <summary>A source for people: "environment keys", "instance metadata".</summary>
    internal static string Describe(DefaultChainSource source) => source switch
    {
        DefaultChainSource.EnvironmentKeys => "environment keys",
        DefaultChainSource.Profile => "a profile",
        DefaultChainSource.WebIdentity => "web identity",
        DefaultChainSource.Container => "container credentials",
        DefaultChainSource.InstanceMetadata => "instance metadata",
        _ => "nothing",
    };

    private static List<string> Hidden(DoctorHost host, DefaultChainSource picked)
    {
        var hidden = new List<string>();
        if (picked is not (DefaultChainSource.EnvironmentKeys or DefaultChainSource.Profile))
        {
            return hidden;
        }

        if (picked == DefaultChainSource.EnvironmentKeys && host.GetVariable(WebIdentityVariables.TokenFile) is not null && host.GetVariable(WebIdentityVariables.RoleArn) is not null)
        {
            hidden.Add("web identity");
        }

        if (host.GetVariable(ContainerVariables.RelativeUri) is not null || host.GetVariable(ContainerVariables.FullUri) is not null)
        {
            hidden.Add("container credentials");
        }

        return hidden;
    }

    private static Task<IReadOnlyList<Finding>> Result(Finding finding) => Task.FromResult<IReadOnlyList<Finding>>([finding]);
}
