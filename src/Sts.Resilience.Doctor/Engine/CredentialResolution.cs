using Amazon.Runtime;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>The credentials the doctor tests with, resolved the way the AWS CLI does: <c>--profile</c>, then environment keys, then <c>AWS_PROFILE</c>, then <c>default</c>.</summary>
internal sealed record CredentialResolution
{
    /// <summary>For people: "environment variables", "profile 'dev' (~/.aws/credentials)".</summary>
    public required string Description { get; init; }

    /// <summary>The long-lived (or pasted) credentials at the root of the chain.</summary>
    public AWSCredentials? BaseCredentials { get; init; }

    /// <summary>The access key id of <see cref="BaseCredentials"/> (display it only through <see cref="Text.KeyId"/>).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Whether the base credentials carry a session token (temporary credentials that cannot refresh).</summary>
    public bool HasSessionToken { get; init; }

    /// <summary>Whether usable credentials came from <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> (/ <c>AWS_SESSION_TOKEN</c>) with no profile.</summary>
    public bool FromEnvironment => BaseCredentials is not null && ProfileName is null;

    /// <summary>Whether usable credentials came from a profile (possibly through a chain of role profiles).</summary>
    public bool FromProfile => BaseCredentials is not null && ProfileName is not null;

    /// <summary>The profile in use.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The profile at the root of the chain, which holds the base credentials.</summary>
    public string? BaseProfileName { get; init; }

    /// <summary>The region set by the profile, if any.</summary>
    public string? Region { get; init; }

    /// <summary>The roles of the profile chain to assume after the base credentials, in order (<c>--role-arn</c> comes after them).</summary>
    public IReadOnlyList<RoleHop> Chain { get; init; } = [];

    /// <summary>
    /// The platform source (web identity, container, instance metadata) the default chain falls through to when no keys
    /// or profile give credentials; its own check tests it, the identity check does not.
    /// </summary>
    public DefaultChainSource? PlatformSource { get; init; }

    /// <summary>Why no credentials could be resolved, for a reason the profiles check explains.</summary>
    public string? Unresolvable { get; init; }
}
