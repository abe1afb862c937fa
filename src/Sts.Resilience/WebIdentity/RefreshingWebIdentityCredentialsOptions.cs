using Sts.Resilience.Credentials;

namespace Sts.Resilience;

/// <summary>
/// Which role <see cref="RefreshingWebIdentityCredentials"/> assumes with <c>AssumeRoleWithWebIdentity</c>, where its
/// web identity token (a JWT) comes from, through which STS endpoint, and how it refreshes.
/// </summary>
public sealed class RefreshingWebIdentityCredentialsOptions
{
    /// <summary>Gets or sets the ARN of the role to assume (<c>AWS_ROLE_ARN</c>). Required.</summary>
    /// <value>The default value is <see cref="string.Empty"/>, which fails validation.</value>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>Gets or sets the role session name (<c>AWS_ROLE_SESSION_NAME</c>; 2–64 characters of <c>[\w+=,.@-]</c>).</summary>
    /// <value>The default value is <see langword="null"/>: <c>sts-resilience-&lt;unix milliseconds&gt;</c>, once per instance.</value>
    public string? RoleSessionName { get; set; }

    /// <summary>
    /// Gets or sets the file holding the token (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>). It is read again before every
    /// refresh, because platforms rotate it (EKS rewrites it at 80 % of the token's 24-hour life). Set this or
    /// <see cref="WebIdentityTokenProvider"/>, not both.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? WebIdentityTokenFile { get; set; }

    /// <summary>
    /// Gets or sets the callback asked for a current token before every refresh (a token from an identity provider's
    /// SDK rather than a file). Set this or <see cref="WebIdentityTokenFile"/>, not both.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask<string>>? WebIdentityTokenProvider { get; set; }

    /// <summary>Gets or sets the requested session duration (900–43200 s, and at most the role's <c>MaxSessionDuration</c>).</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan Duration { get; set; } = RefreshingRoleCredentialsDefaults.Duration;

    /// <summary>Gets or sets the STS region (the regional endpoint is used).</summary>
    /// <value>The default value is <see langword="null"/>: the SDK's region resolution.</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets an explicit STS endpoint URL (a VPC endpoint, or LocalSts in tests).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ServiceUrl { get; set; }

    /// <summary>Gets or sets the timeout of one STS call.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan StsTimeout { get; set; } = RefreshingRoleCredentialsDefaults.StsTimeout;

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
        if (string.IsNullOrWhiteSpace(RoleArn))
        {
            errors.Add("RoleArn is required.");
        }
        else if (RoleArn.Length > 2048 || !RefreshingRoleCredentialsOptionsValidator.RoleArnPattern.IsMatch(RoleArn))
        {
            errors.Add($"RoleArn '{RoleArn}' is not a role ARN: expected arn:aws[-cn|-us-gov]:iam::<12-digit account>:role/<name>.");
        }

        RefreshingRoleCredentialsOptionsValidator.CheckName(errors, nameof(RoleSessionName), RoleSessionName);
        if ((WebIdentityTokenFile is null) == (WebIdentityTokenProvider is null))
        {
            errors.Add("Set exactly one of WebIdentityTokenFile and WebIdentityTokenProvider.");
        }
        else if (WebIdentityTokenFile is not null && !Path.IsPathRooted(WebIdentityTokenFile))
        {
            errors.Add($"WebIdentityTokenFile '{WebIdentityTokenFile}' must be an absolute path.");
        }

        RefreshingRoleCredentialsOptionsValidator.CheckDuration(errors, Duration);
        RefreshingRoleCredentialsOptionsValidator.CheckEndpointAndWindow(errors, ServiceUrl, StsTimeout, AdvisoryWindow, Duration);

        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "RefreshingWebIdentityCredentialsOptions are invalid:" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", errors),
                "options");
        }
    }

    internal RefreshingWebIdentityCredentialsOptions Clone() => (RefreshingWebIdentityCredentialsOptions)MemberwiseClone();
}
