namespace Sts.Resilience;

/// <summary>Which default address reaches the EC2 instance metadata service (<c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c>).</summary>
public enum InstanceMetadataEndpointMode
{
    /// <summary><c>http://169.254.169.254</c>.</summary>
    IPv4,

    /// <summary><c>http://[fd00:ec2::254]</c>, on instances that reach IMDS over IPv6 (Nitro, IPv6 enabled).</summary>
    IPv6,
}
