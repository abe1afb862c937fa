namespace Sts.Resilience.Profiles;

/// <summary>
/// A web identity profile: <c>role_arn</c> with <c>web_identity_token_file</c> (and optionally <c>role_session_name</c>),
/// assumed with <c>AssumeRoleWithWebIdentity</c> by <see cref="RefreshingWebIdentityCredentials"/>, whether it is the
/// profile asked for or the <c>source_profile</c> of a role chain.
/// </summary>
/// <param name="ProfileName">The web identity profile.</param>
/// <param name="Location">Where its <c>web_identity_token_file</c> is.</param>
/// <param name="RoleArn">Its <c>role_arn</c>.</param>
/// <param name="WebIdentityTokenFile">Its <c>web_identity_token_file</c>, with a leading <c>~</c> not yet expanded.</param>
/// <param name="RoleSessionName">Its <c>role_session_name</c>, if set.</param>
/// <param name="Region">Its <c>region</c>, if set.</param>
/// <param name="RoleArnLocation">Where its <c>role_arn</c> is.</param>
public sealed record WebIdentityProfileSource(
    string ProfileName,
    SourceLocation Location,
    string RoleArn,
    string WebIdentityTokenFile,
    string? RoleSessionName,
    string? Region,
    SourceLocation RoleArnLocation)
    : ChainSource(ProfileName, Location);
