namespace Sts.Resilience.Testing;

/// <summary>Options for <see cref="LocalSts.StartAsync(LocalStsOptions?, CancellationToken)"/>.</summary>
public sealed class LocalStsOptions
{
    /// <summary>
    /// Gets or sets the server's clock for everything about sessions: when credentials are issued,
    /// their <c>Expiration</c>, when they stop being accepted, when a presigned URL's <c>X-Amz-Date</c> plus
    /// <c>X-Amz-Expires</c> has passed, outage windows, injected latency and the <c>Date</c> response header. Give a <c>FakeTimeProvider</c> to expire sessions by advancing it.
    /// </summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets the clock that a request's <c>X-Amz-Date</c> is compared with (AWS rejects a signature
    /// more than 5 minutes away from its clock). It is separate from <see cref="TimeProvider"/> because the
    /// AWS SDK signs with the machine's wall clock: a test can advance a fake <see cref="TimeProvider"/> by
    /// hours to expire sessions while the SDK's signatures stay current.
    /// </summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider SignatureClock { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the TCP port on 127.0.0.1; 0 picks a free port.</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets the region that requests must be signed for (the credential scope's region).</summary>
    /// <value>The default value is <c>us-east-1</c>.</value>
    public string Region { get; set; } = LocalStsDefaults.Region;

    /// <summary>Gets or sets the 12-digit account id used in every ARN the server creates.</summary>
    /// <value>The default value is <c>123456789012</c>.</value>
    public string AccountId { get; set; } = LocalStsDefaults.AccountId;

    /// <summary>
    /// Gets or sets the shortest session that <c>AssumeRole</c> and <c>GetSessionToken</c> accept.
    /// AWS's minimum is 900 seconds; set a smaller value (at least one second) for demos that watch
    /// credentials expire.
    /// </summary>
    /// <value>The default value is 900 seconds.</value>
    public TimeSpan MinimumSessionDuration { get; set; } = LocalStsDefaults.MinimumSessionDuration;

    /// <summary>Gets or sets the largest request body accepted; a larger one gets HTTP 413.</summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes).</value>
    public long MaxRequestBodyBytes { get; set; } = LocalStsDefaults.MaxRequestBodyBytes;

    internal void Validate()
    {
        var errors = new List<string>();
        if (TimeProvider is null)
        {
            errors.Add("TimeProvider must not be null.");
        }

        if (SignatureClock is null)
        {
            errors.Add("SignatureClock must not be null.");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"Port must be between 0 and 65535 (was {Port}).");
        }

        if (string.IsNullOrWhiteSpace(Region) || !LocalStsDefaults.RegionPattern.IsMatch(Region))
        {
            errors.Add($"Region must look like 'us-east-1' (was '{Region}').");
        }

        if (AccountId is null || !LocalStsDefaults.AccountIdPattern.IsMatch(AccountId))
        {
            errors.Add($"AccountId must be 12 digits (was '{AccountId}').");
        }

        if (MinimumSessionDuration < TimeSpan.FromSeconds(1) || MinimumSessionDuration > LocalStsDefaults.MinimumSessionDuration)
        {
            errors.Add($"MinimumSessionDuration must be between 1 second and 900 seconds (was {MinimumSessionDuration}).");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            errors.Add($"MaxRequestBodyBytes must be at least 1024 (was {MaxRequestBodyBytes}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid LocalStsOptions: " + string.Join(" ", errors), "options");
        }
    }
}
