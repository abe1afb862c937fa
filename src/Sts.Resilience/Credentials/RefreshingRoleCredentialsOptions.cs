using Amazon.Runtime;
using Sts.Resilience.Credentials;

namespace Sts.Resilience;

/// <summary>
/// Which role <see cref="RefreshingRoleCredentials"/> assumes, with which source credentials, through which
/// STS endpoint, and how it refreshes. Validated before any STS call (<see cref="Validate"/>).
/// </summary>
public sealed class RefreshingRoleCredentialsOptions
{
    /// <summary>Gets or sets the ARN of the role to assume, <c>arn:aws:iam::123456789012:role/name</c>. Required.</summary>
    /// <value>The default value is <see cref="string.Empty"/>, which fails validation.</value>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>Gets or sets the role session name that appears in CloudTrail (2–64 characters of <c>[A-Za-z0-9_+=,.@-]</c>).</summary>
    /// <value>The default value is <see langword="null"/>: a name <c>sts-resilience-&lt;unix milliseconds&gt;</c> is generated once per instance.</value>
    public string? RoleSessionName { get; set; }

    /// <summary>Gets or sets the requested session duration (900–43200 s, and at most the role's <c>MaxSessionDuration</c>).</summary>
    /// <value>The default value is 1 hour. When STS answers that a role chain limits the session to 1 hour, the request is retried once with 1 hour and a warning is logged.</value>
    public TimeSpan Duration { get; set; } = RefreshingRoleCredentialsDefaults.Duration;

    /// <summary>Gets or sets the external id the role's trust policy requires (2–1224 characters).</summary>
    /// <value>The default value is <see langword="null"/> (none sent).</value>
    public string? ExternalId { get; set; }

    /// <summary>Gets or sets an inline session policy (JSON) that further restricts the session.</summary>
    /// <value>The default value is <see langword="null"/> (none sent).</value>
    public string? Policy { get; set; }

    /// <summary>Gets the ARNs of managed session policies (at most 10).</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> PolicyArns { get; } = new List<string>();

    /// <summary>Gets the session tags (at most 50; keys 1–128 characters, values 0–256 characters).</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the keys of <see cref="Tags"/> that carry over to sessions chained from this one (at most 50).</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> TransitiveTagKeys { get; } = new List<string>();

    /// <summary>Gets or sets the source identity recorded for the session (2–64 characters of <c>[A-Za-z0-9_+=,.@-]</c>).</summary>
    /// <value>The default value is <see langword="null"/> (none sent).</value>
    public string? SourceIdentity { get; set; }

    /// <summary>Gets or sets the serial number (or ARN) of the MFA device the role requires; needs <see cref="MfaTokenCodeProvider"/>.</summary>
    /// <value>The default value is <see langword="null"/> (no MFA).</value>
    public string? MfaSerialNumber { get; set; }

    /// <summary>Gets or sets the callback asked for a current 6-digit MFA code before each AssumeRole call.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask<string>>? MfaTokenCodeProvider { get; set; }

    /// <summary>
    /// Gets or sets the name of a profile in the shared AWS config and credentials files (<c>AWS_CONFIG_FILE</c>,
    /// <c>AWS_SHARED_CREDENTIALS_FILE</c>, or <c>~/.aws/config</c> and <c>~/.aws/credentials</c>).
    /// When <see cref="RoleArn"/> is empty, the profile is the role to assume: its <c>role_arn</c>, <c>source_profile</c> or
    /// <c>credential_source</c>, <c>role_session_name</c>, <c>external_id</c>, <c>mfa_serial</c>, <c>duration_seconds</c>
    /// and <c>region</c> are used, each role of a <c>source_profile</c> chain becoming a refreshing hop; options set here
    /// win over the profile's keys. When <see cref="RoleArn"/> is set, the profile only supplies the source credentials
    /// (like <c>Profile</c> with <c>SessionRoleArn</c> in the <c>AWS</c> configuration section).
    /// </summary>
    /// <value>The default value is <see langword="null"/> (no profile). See <see cref="RefreshingRoleCredentials.FromProfile"/>.</value>
    public string? Profile { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether sessions are shared with the AWS CLI through its cache directory: before
    /// calling STS an entry with more than 15 minutes left is used, and after each AssumeRole call the new session is
    /// written there (file mode 0600, atomically). The file name is the CLI's, so the CLI and this library reuse each
    /// other's sessions (and an MFA code is asked once).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseCliCache { get; set; }

    /// <summary>Gets or sets the directory of the session cache used when <see cref="UseCliCache"/> is on.</summary>
    /// <value>The default value is <see langword="null"/>: <c>~/.aws/cli/cache</c>, the AWS CLI's own.</value>
    public string? CliCacheDirectory { get; set; }

    /// <summary>Gets or sets the credentials that call AssumeRole. Another <see cref="RefreshingRoleCredentials"/> makes a role chain.</summary>
    /// <value>The default value is <see langword="null"/>: the AWS SDK's default credential chain, resolved at the first STS call.</value>
    public AWSCredentials? SourceCredentials { get; set; }

    /// <summary>Gets or sets the region whose STS endpoint is called (<c>https://sts.{region}.amazonaws.com</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the region the AWS SDK resolves (environment, profile).</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets an explicit STS endpoint URL (a VPC endpoint, or a local test server); overrides the regional endpoint.</summary>
    /// <value>The default value is <see langword="null"/> (the regional endpoint).</value>
    public string? ServiceUrl { get; set; }

    /// <summary>Gets or sets how long one STS call may take, including the SDK's own retries.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan StsTimeout { get; set; } = RefreshingRoleCredentialsDefaults.StsTimeout;

    /// <summary>Gets or sets the advisory window: how long before expiry a refresh starts while callers keep the cached credentials.</summary>
    /// <value>The default value is <see langword="null"/>: chosen from the credential lifetime (≤ 20 min → 5 min; &lt; 90 min → 15 min; otherwise 60 min) after every refresh.</value>
    public TimeSpan? AdvisoryWindow { get; set; }

    /// <summary>Gets or sets a value indicating whether a timer refreshes inside the advisory window (with jitter), so no caller ever waits.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool BackgroundRefresh { get; set; } = true;

    /// <summary>Checks every option and reports every problem in one message.</summary>
    /// <exception cref="ArgumentException">Thrown when one or more options are invalid; the message lists each problem on its own line.</exception>
    public void Validate()
    {
        var errors = RefreshingRoleCredentialsOptionsValidator.GetErrors(this);
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "RefreshingRoleCredentialsOptions are invalid:" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", errors),
                "options");
        }
    }

    internal RefreshingRoleCredentialsOptions Clone()
    {
        return new RefreshingRoleCredentialsOptions(
            this,
            new List<string>(PolicyArns),
            new Dictionary<string, string>(Tags, StringComparer.Ordinal),
            new List<string>(TransitiveTagKeys));
    }

    private RefreshingRoleCredentialsOptions(RefreshingRoleCredentialsOptions source, List<string> policyArns, Dictionary<string, string> tags, List<string> transitive)
    {
        RoleArn = source.RoleArn;
        RoleSessionName = source.RoleSessionName;
        Duration = source.Duration;
        ExternalId = source.ExternalId;
        Policy = source.Policy;
        PolicyArns = policyArns;
        Tags = tags;
        TransitiveTagKeys = transitive;
        SourceIdentity = source.SourceIdentity;
        MfaSerialNumber = source.MfaSerialNumber;
        MfaTokenCodeProvider = source.MfaTokenCodeProvider;
        SourceCredentials = source.SourceCredentials;
        Region = source.Region;
        ServiceUrl = source.ServiceUrl;
        StsTimeout = source.StsTimeout;
        AdvisoryWindow = source.AdvisoryWindow;
        BackgroundRefresh = source.BackgroundRefresh;
        Profile = source.Profile;
        UseCliCache = source.UseCliCache;
        CliCacheDirectory = source.CliCacheDirectory;
    }

    /// <summary>Initializes a new instance of the <see cref="RefreshingRoleCredentialsOptions"/> class with the defaults.</summary>
    public RefreshingRoleCredentialsOptions()
    {
    }
}
