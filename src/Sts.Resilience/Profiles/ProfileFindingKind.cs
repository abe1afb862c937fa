namespace Sts.Resilience.Profiles;

/// <summary>The kind of a <see cref="ProfileFinding"/>.</summary>
public enum ProfileFindingKind
{
    /// <summary>A profile that cannot be resolved; <see cref="ProfileFinding.Problem"/> says why.</summary>
    UnusableRoleProfile,

    /// <summary>A static <c>aws_session_token</c>: these credentials expire and never refresh.</summary>
    StaticSessionToken,

    /// <summary><c>duration_seconds</c> above 3600 on a role assumed with temporary credentials: STS refuses it.</summary>
    DurationAboveRoleChainingLimit,

    /// <summary>A config-file section <c>[name]</c> that the CLI ignores (it needs <c>[profile name]</c>).</summary>
    IgnoredConfigSection,

    /// <summary>A line that is not INI (the AWS CLI refuses the whole file).</summary>
    UnparsedLine,
}
