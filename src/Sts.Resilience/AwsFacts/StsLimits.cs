namespace Sts.Resilience;

/// <summary>
/// The session durations AWS STS accepts, in seconds: the one place the library, <c>sts-doctor</c> and the analyzers
/// (which compile this file as linked source) take them from.
/// </summary>
#if STS_RESILIENCE_ANALYZERS
internal
#else
public
#endif
static class StsLimits
{
    /// <summary>The shortest session <c>AssumeRole</c> and <c>GetSessionToken</c> grant: 15 minutes.</summary>
    /// <value>The value is 900.</value>
    public const int MinimumDurationSeconds = 900;

    /// <summary>The duration <c>AssumeRole</c> grants when none is asked for, and what the AWS CLI and SDKs ask for by default: 1 hour.</summary>
    /// <value>The value is 3600.</value>
    public const int DefaultDurationSeconds = 3600;

    /// <summary>The longest session STS grants to a role assumed with temporary credentials (role chaining): 1 hour, whatever the role's <c>MaxSessionDuration</c>.</summary>
    /// <value>The value is 3600.</value>
    public const int RoleChainingMaximumDurationSeconds = 3600;

    /// <summary>The longest <c>MaxSessionDuration</c> a role can have, so the longest <c>AssumeRole</c> session: 12 hours.</summary>
    /// <value>The value is 43200.</value>
    public const int MaximumRoleDurationSeconds = 43200;

    /// <summary>The longest session <c>GetSessionToken</c> and <c>GetFederationToken</c> grant to an IAM user: 36 hours.</summary>
    /// <value>The value is 129600.</value>
    public const int MaximumSessionTokenDurationSeconds = 129600;

    /// <summary>The longest session <c>AssumeRoot</c> grants: 15 minutes.</summary>
    /// <value>The value is 900.</value>
    public const int MaximumAssumeRootDurationSeconds = 900;
}
