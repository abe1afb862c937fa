namespace Sts.Resilience.InstanceProfile;

/// <summary>The facts of the EC2 instance metadata service (IMDSv2) the instance-profile source relies on, in one place.</summary>
internal static class InstanceMetadataRules
{
    public const string EndpointVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    public const string EndpointModeVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    public const string DisabledVariable = "AWS_EC2_METADATA_DISABLED";

    public const string IPv4Endpoint = "http://169.254.169.254";
    public const string IPv6Endpoint = "http://[fd00:ec2::254]";

    public const string TokenPath = "/latest/api/token";
    public const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";
    public const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    public const string TokenHeader = "X-aws-ec2-metadata-token";

    /// <summary>The longest session token IMDS issues, and what the AWS SDKs ask for.</summary>
    public static readonly TimeSpan MaxTokenTtl = TimeSpan.FromSeconds(21600);

    /// <summary>Static stability: a session extended when IMDS fails lasts a random 5 to 10 minutes more.</summary>
    public static readonly TimeSpan MinExtension = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxExtension = TimeSpan.FromMinutes(10);

    /// <summary>Whether <c>AWS_EC2_METADATA_DISABLED</c> turns instance metadata off (<c>true</c>, any case, as the SDKs read it).</summary>
    public static bool IsDisabled(Func<string, string?> getVariable)
        => string.Equals(getVariable(DisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>When to ask for a new session token: a minute before it expires, or half-way through a token shorter than two minutes.</summary>
    public static TimeSpan TokenReuse(TimeSpan ttl) => ttl >= TimeSpan.FromMinutes(2) ? ttl - TimeSpan.FromMinutes(1) : TimeSpan.FromTicks(ttl.Ticks / 2);
}
