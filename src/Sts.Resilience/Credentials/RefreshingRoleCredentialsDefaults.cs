namespace Sts.Resilience.Credentials;

/// <summary>The defaults and limits of <see cref="RefreshingRoleCredentialsOptions"/>, in one place.</summary>
internal static class RefreshingRoleCredentialsDefaults
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(StsLimits.DefaultDurationSeconds);
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(StsLimits.MinimumDurationSeconds);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(StsLimits.MaximumRoleDurationSeconds);

    /// <summary>STS refuses more than one hour when the source credentials are themselves a role session.</summary>
    public static readonly TimeSpan RoleChainingLimit = TimeSpan.FromSeconds(StsLimits.RoleChainingMaximumDurationSeconds);

    public static readonly TimeSpan StsTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Inside this window (or expired) callers wait for the single refresh.</summary>
    public static readonly TimeSpan MandatoryWindow = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MinAdvisoryWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAdvisoryWindow = TimeSpan.FromHours(6);

    public const int MaxPolicyArns = 10;
    public const int MaxTags = 50;
    public const int MaxTransitiveTagKeys = 50;
    public const string SessionNamePrefix = "sts-resilience-";

    /// <summary>The advisory window for a credential lifetime: the table shared by the AWS SDKs.</summary>
    public static TimeSpan AdvisoryWindowFor(TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.FromMinutes(20))
        {
            return TimeSpan.FromMinutes(5);
        }

        return lifetime < TimeSpan.FromMinutes(90) ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(60);
    }
}
