namespace Sts.Resilience.Demo;

/// <summary>Which of the library's credentials the local resilient run uses, each served by the embedded LocalSts.</summary>
public enum DemoSource
{
    /// <summary><c>RefreshingRoleCredentials</c>: AssumeRole with a user's keys (the default).</summary>
    Role,

    /// <summary><c>RefreshingWebIdentityCredentials</c>: AssumeRoleWithWebIdentity with a JWT from a token file LocalSts keeps fresh (EKS IRSA).</summary>
    WebIdentity,

    /// <summary><c>RefreshingContainerCredentials</c>: LocalSts's container credentials endpoint (ECS task role, EKS Pod Identity).</summary>
    Container,

    /// <summary><c>RefreshingInstanceProfileCredentials</c>: LocalSts's IMDSv2 endpoint (EC2 instance profile).</summary>
    Imds,
}
