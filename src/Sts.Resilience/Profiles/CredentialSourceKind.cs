namespace Sts.Resilience.Profiles;

/// <summary>The <c>credential_source</c> values the AWS CLI accepts (case-sensitive, as in the CLI).</summary>
public enum CredentialSourceKind
{
    /// <summary><c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> (/ <c>AWS_SESSION_TOKEN</c>).</summary>
    Environment,

    /// <summary>The EC2 instance profile.</summary>
    Ec2InstanceMetadata,

    /// <summary>The ECS or EKS container credentials endpoint.</summary>
    EcsContainer,
}
