namespace Sts.Resilience.Doctor.Engine;

/// <summary>The sources of the AWS SDK for .NET v4's default credential chain, in the order it tries them.</summary>
internal enum ChainSource
{
    /// <summary><c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> (with <c>AWS_SESSION_TOKEN</c>).</summary>
    EnvironmentKeys,

    /// <summary><c>AWS_WEB_IDENTITY_TOKEN_FILE</c> with <c>AWS_ROLE_ARN</c> (EKS IRSA).</summary>
    WebIdentity,

    /// <summary>The profile named by <c>AWS_PROFILE</c>, else <c>default</c> when it exists.</summary>
    Profile,

    /// <summary><c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> or <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> (ECS, EKS Pod Identity).</summary>
    Container,

    /// <summary>The EC2 instance metadata service, unless <c>AWS_EC2_METADATA_DISABLED</c> is true.</summary>
    InstanceMetadata,

    /// <summary>Nothing: every source was skipped.</summary>
    None,
}

/// <summary>The source the default chain would use, and why the earlier ones were passed over.</summary>
/// <param name="Source">The source picked.</param>
/// <param name="Detail">What selects it ("AWS_PROFILE=dev", "AWS_CONTAINER_CREDENTIALS_FULL_URI").</param>
/// <param name="Skipped">Sources the chain would try first but passes over, each with the reason.</param>
internal sealed record ChainPick(ChainSource Source, string Detail, IReadOnlyList<string> Skipped);

/// <summary>
/// Decides, from the variables and the profile files only (no network), which source the AWS SDK for .NET v4's default
/// chain (<c>DefaultAWSCredentialsIdentityResolver</c>) picks: environment keys, web identity from the environment, the
/// profile, container, instance metadata, in that order — the order <c>RefreshingCredentials.FromDefaultChain()</c>
/// follows too. The doctor keeps its own copy of this decision because the library's reads the process environment,
/// and the doctor must judge its <see cref="DoctorHost"/>'s. Instance metadata
/// is picked when nothing before it applies, whether or not it answers (the chain only learns that by asking).
/// </summary>
internal static class DefaultChain
{
    public const string ImdsDisabledVariable = Sts.Resilience.RefreshingInstanceProfileCredentials.DisabledVariable;

    public static ChainPick Resolve(DoctorHost host, AwsPaths paths)
    {
        var skipped = new List<string>();
        var keyId = host.GetVariable("AWS_ACCESS_KEY_ID");
        var secret = host.GetVariable("AWS_SECRET_ACCESS_KEY");
        if (keyId is not null && secret is not null)
        {
            return new ChainPick(ChainSource.EnvironmentKeys, "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", skipped);
        }

        if (keyId is not null || secret is not null)
        {
            skipped.Add("environment keys: only half a key pair is set");
        }

        var tokenFile = host.GetVariable(WebIdentityVariables.TokenFile);
        var roleArn = host.GetVariable(WebIdentityVariables.RoleArn);
        if (tokenFile is not null && roleArn is not null)
        {
            return new ChainPick(ChainSource.WebIdentity, $"{WebIdentityVariables.TokenFile} and {WebIdentityVariables.RoleArn}", skipped);
        }

        if (tokenFile is not null || roleArn is not null)
        {
            skipped.Add($"web identity: {(tokenFile is null ? WebIdentityVariables.TokenFile : WebIdentityVariables.RoleArn)} is not set");
        }

        var profile = host.GetVariable("AWS_PROFILE");
        if (profile is not null)
        {
            // The SDK fails rather than falling through when the named profile is missing or broken; the profiles check explains it.
            return new ChainPick(ChainSource.Profile, $"profile '{profile}' (AWS_PROFILE)", skipped);
        }

        if (HasDefaultProfile(paths))
        {
            return new ChainPick(ChainSource.Profile, "profile 'default'", skipped);
        }

        if (host.GetVariable(ContainerVariables.RelativeUri) is not null)
        {
            return new ChainPick(ChainSource.Container, ContainerVariables.RelativeUri, skipped);
        }

        if (host.GetVariable(ContainerVariables.FullUri) is not null)
        {
            return new ChainPick(ChainSource.Container, ContainerVariables.FullUri, skipped);
        }

        if (ImdsDisabled(host))
        {
            return new ChainPick(ChainSource.None, $"{ImdsDisabledVariable}=true", skipped);
        }

        return new ChainPick(ChainSource.InstanceMetadata, "no earlier source is configured", skipped);
    }

    /// <summary>Whether <c>AWS_EC2_METADATA_DISABLED</c> turns instance metadata off (the SDKs accept <c>true</c> in any case).</summary>
    public static bool ImdsDisabled(DoctorHost host) =>
        string.Equals(host.GetVariable(ImdsDisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool HasDefaultProfile(AwsPaths paths)
    {
        try
        {
            return CredentialResolver.LoadStore(paths).TryGetProfile("default", out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>The web identity variables EKS sets for IRSA.</summary>
internal static class WebIdentityVariables
{
    public const string TokenFile = Sts.Resilience.RefreshingWebIdentityCredentials.WebIdentityTokenFileVariable;
    public const string RoleArn = Sts.Resilience.RefreshingWebIdentityCredentials.RoleArnVariable;
    public const string SessionName = Sts.Resilience.RefreshingWebIdentityCredentials.RoleSessionNameVariable;
}

/// <summary>The container credential variables ECS and EKS Pod Identity set.</summary>
internal static class ContainerVariables
{
    public const string RelativeUri = Sts.Resilience.RefreshingContainerCredentials.RelativeUriVariable;
    public const string FullUri = Sts.Resilience.RefreshingContainerCredentials.FullUriVariable;
    public const string Token = Sts.Resilience.RefreshingContainerCredentials.AuthorizationTokenVariable;
    public const string TokenFile = Sts.Resilience.RefreshingContainerCredentials.AuthorizationTokenFileVariable;
}
