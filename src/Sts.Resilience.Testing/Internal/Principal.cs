namespace Sts.Resilience.Testing;

internal enum PrincipalKind
{
    User,
    UserSession,
    RoleSession,
}

/// <summary>Someone who can sign requests: a registered user (long-term key) or a session (temporary key + token).</summary>
internal sealed class Principal
{
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public required PrincipalKind Kind { get; init; }

    /// <summary>The caller ARN GetCallerIdentity reports (user ARN, or assumed-role ARN).</summary>
    public required string Arn { get; init; }

    public required string UserId { get; init; }

    /// <summary>For sessions: the ARN trust policies judge (the user's ARN, or the role's ARN for a role session).</summary>
    public required string PrincipalArn { get; init; }

    public DateTimeOffset? Expiration { get; init; }

    public long Sequence { get; init; }

    public string? SourceIdentity { get; init; }

    public volatile bool Revoked;

    public bool IsTemporary => SessionToken is not null;

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} …{LocalStsText.Last4(AccessKeyId)} ({Arn})";
}
