namespace Sts.Resilience;

/// <summary>
/// How <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, Microsoft.Extensions.Logging.ILoggerFactory?)"/>
/// searches and configures the source it finds: which profile to read, and changes to the options of each kind of
/// source (an STS endpoint, a timeout, the windows). Each change applies after the options were read from the
/// environment or the profile, and only to the source the chain picks.
/// </summary>
public sealed class RefreshingCredentialsChainOptions
{
    /// <summary>Gets or sets the profile to read; when set, it must exist (as when <c>AWS_PROFILE</c> is set).</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_PROFILE</c>, else <c>default</c> (which may be missing).</value>
    public string? Profile { get; set; }

    /// <summary>Gets or sets a change to the options of a role profile (<c>role_arn</c> with <c>source_profile</c> or <c>credential_source</c>).</summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public Action<RefreshingRoleCredentialsOptions>? ConfigureRole { get; set; }

    /// <summary>Gets or sets a change to the options of web identity (from <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, or a web identity profile).</summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public Action<RefreshingWebIdentityCredentialsOptions>? ConfigureWebIdentity { get; set; }

    /// <summary>Gets or sets a change to the options of the container credentials endpoint (ECS, EKS Pod Identity).</summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public Action<RefreshingContainerCredentialsOptions>? ConfigureContainer { get; set; }

    /// <summary>Gets or sets a change to the options of instance metadata (EC2).</summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public Action<RefreshingInstanceProfileCredentialsOptions>? ConfigureInstanceProfile { get; set; }
}
