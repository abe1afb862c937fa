namespace Sts.Resilience.Profiles;

/// <summary>One AssumeRole call of a chain: the settings of one role profile, each with its location.</summary>
/// <param name="ProfileName">The role profile.</param>
/// <param name="RoleArn">Its <c>role_arn</c>.</param>
/// <param name="RoleSessionName">Its <c>role_session_name</c>, if set.</param>
/// <param name="ExternalId">Its <c>external_id</c>, if set.</param>
/// <param name="MfaSerial">Its <c>mfa_serial</c>, if set.</param>
/// <param name="DurationSeconds">Its <c>duration_seconds</c>, if set (STS then grants <see cref="StsLimits.DefaultDurationSeconds"/>).</param>
/// <param name="Region">Its <c>region</c>, if set.</param>
/// <param name="RoleArnLocation">Where <c>role_arn</c> is.</param>
/// <param name="DurationSecondsLocation">Where <c>duration_seconds</c> is, if set.</param>
public sealed record RoleHop(
    string ProfileName,
    string RoleArn,
    string? RoleSessionName,
    string? ExternalId,
    string? MfaSerial,
    int? DurationSeconds,
    string? Region,
    SourceLocation RoleArnLocation,
    SourceLocation? DurationSecondsLocation)
{
    /// <summary>
    /// Gets whether the credentials this hop calls STS with are themselves temporary (a previous hop,
    /// instance-profile or container credentials, or static keys with a session token), so STS
    /// caps the session at <see cref="StsLimits.RoleChainingMaximumDurationSeconds"/>.
    /// </summary>
    /// <value><see langword="null"/> when that is known only at run time (<c>credential_source = Environment</c>).</value>
    public bool? IsRoleChaining { get; init; }

    /// <summary>Gets the duration STS is asked for: <see cref="DurationSeconds"/>, else <see cref="StsLimits.DefaultDurationSeconds"/>.</summary>
    public int EffectiveDurationSeconds => DurationSeconds ?? StsLimits.DefaultDurationSeconds;
}
