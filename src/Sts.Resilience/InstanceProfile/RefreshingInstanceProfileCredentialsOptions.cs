using Sts.Resilience.CredentialEndpoints;

namespace Sts.Resilience;

/// <summary>
/// How <see cref="RefreshingInstanceProfileCredentials"/> reaches the EC2 instance metadata service (IMDSv2) and how it
/// refreshes. <see cref="RefreshingInstanceProfileCredentials.FromEnvironment"/> fills these from the
/// <c>AWS_EC2_METADATA_*</c> variables.
/// </summary>
public sealed class RefreshingInstanceProfileCredentialsOptions
{
    /// <summary>
    /// Gets or sets the endpoint (<c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>), an absolute http or https URL; paths under
    /// <c>/latest/</c> are appended to it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: chosen by <see cref="EndpointMode"/>.</value>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets which default address is used when <see cref="Endpoint"/> is not set (<c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE</c>).</summary>
    /// <value>The default value is <see cref="InstanceMetadataEndpointMode.IPv4"/>: <c>http://169.254.169.254</c>.</value>
    public InstanceMetadataEndpointMode EndpointMode { get; set; } = InstanceMetadataEndpointMode.IPv4;

    /// <summary>
    /// Gets or sets the lifetime asked for each IMDSv2 session token (whole seconds, 1 to 21600). The token is reused
    /// until shortly before it expires, and fetched again at once when IMDS answers 401.
    /// </summary>
    /// <value>The default value is 6 hours (21600 s), as the AWS SDKs ask.</value>
    public TimeSpan TokenTtl { get; set; } = InstanceProfile.InstanceMetadataRules.MaxTokenTtl;

    /// <summary>Gets or sets how long one request to IMDS may take; up to three attempts make one request.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan Timeout { get; set; } = CredentialEndpointDefaults.InstanceMetadataTimeout;

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
        if (Endpoint is { } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Endpoint '{endpoint}' is not an absolute http or https URL.");
        }

        if (EndpointMode is not (InstanceMetadataEndpointMode.IPv4 or InstanceMetadataEndpointMode.IPv6))
        {
            errors.Add($"EndpointMode must be IPv4 or IPv6 (it is {(int)EndpointMode}).");
        }

        if (TokenTtl < TimeSpan.FromSeconds(1) || TokenTtl > InstanceProfile.InstanceMetadataRules.MaxTokenTtl || TokenTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(FormattableString.Invariant($"TokenTtl must be a whole number of seconds from 1 to 21600 (it is {TokenTtl.TotalSeconds} s)."));
        }

        CredentialEndpointDefaults.CheckTimeoutAndWindow(errors, Timeout, AdvisoryWindow);
        CredentialEndpointDefaults.Throw(nameof(RefreshingInstanceProfileCredentialsOptions), errors);
    }

    /// <summary>The base URL: <see cref="Endpoint"/>, or the mode's address. Call after <see cref="Validate"/>.</summary>
    internal Uri ResolveEndpoint()
        => new((Endpoint ?? (EndpointMode == InstanceMetadataEndpointMode.IPv6 ? InstanceProfile.InstanceMetadataRules.IPv6Endpoint : InstanceProfile.InstanceMetadataRules.IPv4Endpoint)).TrimEnd('/'), UriKind.Absolute);

    internal RefreshingInstanceProfileCredentialsOptions Clone() => (RefreshingInstanceProfileCredentialsOptions)MemberwiseClone();
}
