namespace Sts.Resilience.Testing;

/// <summary>
/// How a credentials endpoint (<see cref="LocalSts.CreateContainerCredentials"/>, <see cref="LocalSts.CreateInstanceMetadata"/>)
/// vends sessions: like the ECS agent and EC2, it serves the same session until it nears expiry, then a new one.
/// </summary>
public sealed class LocalStsCredentialsEndpointOptions
{
    /// <summary>Gets or sets how long each vended session lasts (at least one second).</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long before a session's expiry the endpoint starts serving a new one (EC2 publishes new
    /// credentials at least 5 minutes before the old ones expire). Zero serves a session until it has expired.
    /// </summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets a value indicating whether instance metadata answers requests without a session token (IMDSv1).
    /// Only for <see cref="LocalSts.CreateInstanceMetadata"/>; it can also be changed later on <see cref="LocalStsInstanceMetadata.AllowImdsV1"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (IMDSv2 required, as on new instances).</value>
    public bool AllowImdsV1 { get; set; }

    internal void Validate()
    {
        var errors = new List<string>();
        if (SessionDuration < TimeSpan.FromSeconds(1) || SessionDuration > TimeSpan.FromHours(12))
        {
            errors.Add($"SessionDuration must be between 1 second and 12 hours (was {SessionDuration}).");
        }

        if (RenewBefore < TimeSpan.Zero || RenewBefore >= SessionDuration)
        {
            errors.Add($"RenewBefore must be at least zero and shorter than SessionDuration (was {RenewBefore}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid LocalStsCredentialsEndpointOptions: " + string.Join(" ", errors), "configure");
        }
    }
}
