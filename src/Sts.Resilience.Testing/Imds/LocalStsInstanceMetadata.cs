namespace Sts.Resilience.Testing;

/// <summary>
/// The EC2 instance metadata service (IMDS) of one instance whose profile has a LocalSts role, created by
/// <see cref="LocalSts.CreateInstanceMetadata"/>. Point an SDK at it with <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> =
/// <see cref="Endpoint"/>.
/// </summary>
public sealed class LocalStsInstanceMetadata
{
    private volatile bool _allowImdsV1;

    internal LocalStsInstanceMetadata(string endpoint, string instanceId, RoleSessionVendor vendor, bool allowImdsV1)
    {
        Endpoint = endpoint;
        InstanceId = instanceId;
        Vendor = vendor;
        _allowImdsV1 = allowImdsV1;
    }

    /// <summary>Gets the endpoint without a trailing slash, <c>http://127.0.0.1:{port}</c>: SDKs append <c>/latest/…</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Gets the instance id (<c>i-…</c>), also the session name of the vended sessions.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the role of the instance profile.</summary>
    public LocalStsRole Role => Vendor.Role;

    /// <summary>
    /// Gets or sets a value indicating whether requests without a session token are answered (IMDSv1). When
    /// <see langword="false"/>, they get 401, as with <c>HttpTokens=required</c>.
    /// </summary>
    public bool AllowImdsV1
    {
        get => _allowImdsV1;
        set => _allowImdsV1 = value;
    }

    internal RoleSessionVendor Vendor { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Endpoint} ({InstanceId}, {Role.Arn})";
}
