namespace Sts.Resilience.Doctor.Engine;

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
