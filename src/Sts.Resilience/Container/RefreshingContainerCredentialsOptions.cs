using Sts.Resilience.CredentialEndpoints;

namespace Sts.Resilience;

/// <summary>
/// Where <see cref="RefreshingContainerCredentials"/> gets its sessions (the ECS agent's task role endpoint, the EKS Pod
/// Identity agent, or any endpoint that speaks the container credentials protocol), how it authorizes, and how it
/// refreshes. <see cref="RefreshingContainerCredentials.FromEnvironment"/> fills these from the <c>AWS_CONTAINER_*</c>
/// variables.
/// </summary>
public sealed class RefreshingContainerCredentialsOptions
{
    /// <summary>
    /// Gets or sets a path on the ECS agent, <c>http://169.254.170.2</c> (<c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>,
    /// which ECS sets for task roles). Set this or <see cref="FullUri"/>, not both.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? RelativeUri { get; set; }

    /// <summary>
    /// Gets or sets the endpoint's full URL (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>; EKS Pod Identity sets
    /// <c>http://169.254.170.23/v1/credentials</c>). It must be https, or http to a loopback address, 169.254.170.2,
    /// 169.254.170.23 or [fd00:ec2::23]; an http host name qualifies only if every address it resolves to does, checked
    /// before every request. Set this or <see cref="RelativeUri"/>, not both.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? FullUri { get; set; }

    /// <summary>
    /// Gets or sets the value of the <c>Authorization</c> header (<c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>). Ignored when
    /// <see cref="AuthorizationTokenFile"/> is set.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no header unless <see cref="AuthorizationTokenFile"/> is set.</value>
    public string? AuthorizationToken { get; set; }

    /// <summary>
    /// Gets or sets the file holding the <c>Authorization</c> header's value (<c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>,
    /// which EKS Pod Identity sets and rotates). It is read again before every refresh.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AuthorizationTokenFile { get; set; }

    /// <summary>Gets or sets how long one request to the endpoint may take; up to three attempts make one refresh.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan Timeout { get; set; } = CredentialEndpointDefaults.ContainerTimeout;

    /// <summary>Gets or sets a fixed advisory window (1 minute to 6 hours).</summary>
    /// <value>The default value is <see langword="null"/>: chosen from each session's lifetime, as for <see cref="RefreshingRoleCredentials"/>.</value>
    public TimeSpan? AdvisoryWindow { get; set; }

    /// <summary>Gets or sets a value indicating whether a timer refreshes inside the advisory window, so no caller waits.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool BackgroundRefresh { get; set; } = true;

    /// <summary>Checks every option and reports every problem in one message.</summary>
    /// <exception cref="ArgumentException">Thrown when one or more options are invalid; the message lists each problem on its own line.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if ((RelativeUri is null) == (FullUri is null))
        {
            errors.Add("Set exactly one of RelativeUri and FullUri.");
        }
        else if (RelativeUri is { } relative)
        {
            if (relative.Length == 0 || relative[0] != '/' || !Uri.TryCreate(Container.ContainerEndpointRules.EcsAgentBase + relative, UriKind.Absolute, out _))
            {
                errors.Add($"RelativeUri '{relative}' must be a path starting with '/'.");
            }
        }
        else if (Container.ContainerEndpointRules.CheckFullUri(FullUri!) is { } problem)
        {
            errors.Add(problem);
        }

        if (AuthorizationToken is { } token && token.IndexOfAny(['\r', '\n']) >= 0)
        {
            errors.Add("AuthorizationToken must not contain a line break.");
        }

        if (AuthorizationTokenFile is { } file && !Path.IsPathRooted(file))
        {
            errors.Add($"AuthorizationTokenFile '{file}' must be an absolute path.");
        }

        CredentialEndpointDefaults.CheckTimeoutAndWindow(errors, Timeout, AdvisoryWindow);
        CredentialEndpointDefaults.Throw(nameof(RefreshingContainerCredentialsOptions), errors);
    }

    /// <summary>The URL to fetch: the ECS agent plus <see cref="RelativeUri"/>, or <see cref="FullUri"/>. Call after <see cref="Validate"/>.</summary>
    internal Uri ResolveUri() => new(RelativeUri is { } relative ? Container.ContainerEndpointRules.EcsAgentBase + relative : FullUri!, UriKind.Absolute);

    internal RefreshingContainerCredentialsOptions Clone() => (RefreshingContainerCredentialsOptions)MemberwiseClone();
}
