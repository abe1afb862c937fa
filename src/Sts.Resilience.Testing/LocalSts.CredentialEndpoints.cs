using System.Security.Cryptography;

namespace Sts.Resilience.Testing;

/// <summary>The credential endpoints of the platforms .NET services run on: containers (ECS, EKS Pod Identity) and EC2.</summary>
public sealed partial class LocalSts
{
    /// <summary>
    /// Creates a container credentials endpoint for <paramref name="role"/>, as the ECS agent serves a task role or the EKS
    /// Pod Identity agent a pod's role: <c>GET</c> <see cref="LocalStsContainerCredentials.FullUri"/> with the
    /// <c>Authorization</c> header set to <see cref="LocalStsContainerCredentials.AuthorizationToken"/> returns the current
    /// session of the role. Calls are counted as <see cref="LocalStsActions.GetContainerCredentials"/>; faults and outages
    /// apply to <see cref="LocalStsServices.ContainerCredentials"/>.
    /// </summary>
    /// <param name="role">The role whose sessions the endpoint vends.</param>
    /// <param name="configure">Sets the session lifetime and renewal; <see langword="null"/> for the defaults.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="role"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid (the message lists every problem).</exception>
    public LocalStsContainerCredentials CreateContainerCredentials(LocalStsRole role, Action<LocalStsCredentialsEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        var options = EndpointOptions(configure);
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var vendor = new RoleSessionVendor(_store, role, "task-" + id[..12], options.SessionDuration, options.RenewBefore);
        var endpoint = new LocalStsContainerCredentials(id, $"http://127.0.0.1:{Port}{Container.ContainerCredentialsEndpoint.PathPrefix}{id}", vendor);
        _container.Add(endpoint);
        return endpoint;
    }

    /// <summary>
    /// Gives this server an EC2 instance metadata service (IMDSv2) for one instance whose profile has
    /// <paramref name="role"/>: <c>PUT /latest/api/token</c>, <c>GET /latest/meta-data/iam/security-credentials/</c> and
    /// <c>…/{role name}</c> on the session clock. Calls are counted as <see cref="LocalStsActions.GetImdsToken"/>,
    /// <see cref="LocalStsActions.GetImdsRoleName"/>, <see cref="LocalStsActions.GetImdsCredentials"/> and
    /// <see cref="LocalStsActions.GetImdsMetadata"/>; faults and outages apply to <see cref="LocalStsServices.InstanceMetadata"/>.
    /// </summary>
    /// <param name="role">The instance profile's role.</param>
    /// <param name="configure">Sets the session lifetime and renewal and whether IMDSv1 is allowed; <see langword="null"/> for the defaults.</param>
    /// <returns>The instance metadata service.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="role"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the options are invalid (the message lists every problem).</exception>
    /// <exception cref="InvalidOperationException">Thrown when this server already has instance metadata (one instance per server).</exception>
    public LocalStsInstanceMetadata CreateInstanceMetadata(LocalStsRole role, Action<LocalStsCredentialsEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        var options = EndpointOptions(configure);
        var instanceId = "i-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant()[..17];
        var vendor = new RoleSessionVendor(_store, role, instanceId, options.SessionDuration, options.RenewBefore);
        var instance = new LocalStsInstanceMetadata($"http://127.0.0.1:{Port}", instanceId, vendor, options.AllowImdsV1);
        if (!_imds.TrySet(instance))
        {
            throw new InvalidOperationException("This LocalSts already has instance metadata; start another server for another instance.");
        }

        return instance;
    }

    private static LocalStsCredentialsEndpointOptions EndpointOptions(Action<LocalStsCredentialsEndpointOptions>? configure)
    {
        var options = new LocalStsCredentialsEndpointOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
