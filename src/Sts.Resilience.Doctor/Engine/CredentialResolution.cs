using Amazon.Runtime;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>Where the credentials the identity check uses came from.</summary>
internal enum CredentialOrigin
{
    /// <summary>Nothing usable was found.</summary>
    None,

    /// <summary><c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> (/ <c>AWS_SESSION_TOKEN</c>).</summary>
    Environment,

    /// <summary>A profile in the config or credentials file (possibly through a chain of role profiles).</summary>
    Profile,
}

/// <summary>One <c>AssumeRole</c> the credentials go through, from a role profile or <c>--role-arn</c>.</summary>
/// <param name="RoleArn">The role.</param>
/// <param name="DurationSeconds">The duration asked for (the profile's <c>duration_seconds</c>, else 3600).</param>
/// <param name="DurationConfigured">Whether the duration came from configuration rather than the default.</param>
/// <param name="ExternalId">The external id, if configured.</param>
/// <param name="SessionName">The session name, if configured.</param>
/// <param name="MfaSerial">The MFA device, if configured (the doctor cannot supply a code).</param>
/// <param name="ProfileName">The profile that sets the role; <see langword="null"/> for <c>--role-arn</c>.</param>
/// <param name="File">The file that sets it.</param>
/// <param name="Line">The line of <c>role_arn</c>, 1-based.</param>
/// <param name="DurationFile">The file that sets <c>duration_seconds</c>, when set.</param>
/// <param name="DurationLine">The line of <c>duration_seconds</c>, when set.</param>
internal sealed record RoleHop(
    string RoleArn,
    int DurationSeconds,
    bool DurationConfigured,
    string? ExternalId,
    string? SessionName,
    string? MfaSerial,
    string? ProfileName,
    string? File = null,
    int? Line = null,
    string? DurationFile = null,
    int? DurationLine = null);

/// <summary>The credentials the doctor tests with, resolved the way the AWS CLI does: <c>--profile</c>, then environment keys, then <c>AWS_PROFILE</c>, then <c>default</c>.</summary>
internal sealed record CredentialResolution
{
    public required CredentialOrigin Origin { get; init; }

    /// <summary>For people: "environment variables", "profile 'dev' (~/.aws/credentials)".</summary>
    public required string Description { get; init; }

    /// <summary>The long-lived (or pasted) credentials at the root of the chain.</summary>
    public AWSCredentials? BaseCredentials { get; init; }

    /// <summary>The access key id of <see cref="BaseCredentials"/> (display it only through <see cref="Text.KeyId"/>).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Whether the base credentials carry a session token (temporary credentials that cannot refresh).</summary>
    public bool HasSessionToken { get; init; }

    /// <summary>The profile in use, when <see cref="Origin"/> is <see cref="CredentialOrigin.Profile"/>.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The profile at the root of the chain, which holds the base credentials.</summary>
    public string? BaseProfileName { get; init; }

    /// <summary>The region set by the profile, if any.</summary>
    public string? Region { get; init; }

    /// <summary>The roles to assume after the base credentials, in order.</summary>
    public IReadOnlyList<RoleHop> Chain { get; init; } = [];

    /// <summary>Why no credentials could be resolved, when <see cref="Origin"/> is <see cref="CredentialOrigin.None"/> for a reason the profiles check explains.</summary>
    public string? Unresolvable { get; init; }
}
