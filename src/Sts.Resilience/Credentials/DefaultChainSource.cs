namespace Sts.Resilience;

/// <summary>
/// The steps of the default credential chain, in the order the AWS SDK for .NET v4 (and
/// <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, Microsoft.Extensions.Logging.ILoggerFactory?)"/>)
/// tries them; <see cref="None"/> when every step is passed over.
/// </summary>
public enum DefaultChainSource
{
    /// <summary>No step applies: the chain finds no credentials.</summary>
    None = 0,

    /// <summary><c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> (or <c>AWS_SECRET_KEY</c>), with <c>AWS_SESSION_TOKEN</c> when set: static keys.</summary>
    EnvironmentKeys = 1,

    /// <summary><c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> (EKS IRSA): <see cref="RefreshingWebIdentityCredentials"/>.</summary>
    WebIdentity = 2,

    /// <summary>The profile (<see cref="RefreshingCredentialsChainOptions.Profile"/>, <c>AWS_PROFILE</c>, or <c>default</c>) in the shared config and credentials files.</summary>
    Profile = 3,

    /// <summary><c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> or <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> (ECS, EKS Pod Identity): <see cref="RefreshingContainerCredentials"/>.</summary>
    Container = 4,

    /// <summary>EC2 instance metadata, unless <c>AWS_EC2_METADATA_DISABLED</c> is <c>true</c>: <see cref="RefreshingInstanceProfileCredentials"/>, used only when it answers.</summary>
    InstanceMetadata = 5,
}
