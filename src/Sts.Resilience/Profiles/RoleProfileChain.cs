namespace Sts.Resilience.Profiles;

/// <summary>What is wrong with a profile; one kind per error message (the doctor reports them).</summary>
internal enum ProfileProblem
{
    None = 0,
    ProfileNotFound,
    NotARoleProfile,
    RoleSettingsWithoutRoleArn,
    SourceProfileNotFound,
    SourceProfileAndCredentialSource,
    NoSourceForRole,
    UnknownCredentialSource,
    MalformedDurationSeconds,
    ProfileCycle,
    IncompleteStaticCredentials,
    SourceProfileWithoutCredentials,
    MfaWithoutTokenProvider,
    InvalidRoleSettings,
}

/// <summary>The <c>credential_source</c> values the AWS CLI accepts (case-sensitive, as in the CLI).</summary>
internal enum CredentialSourceKind
{
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// <summary>Where the first role of a chain gets its credentials.</summary>
internal abstract record ChainSource(string ProfileName, SourceLocation Location);

/// <summary><c>aws_access_key_id</c> / <c>aws_secret_access_key</c> (and maybe a static <c>aws_session_token</c>) in a profile.</summary>
internal sealed record StaticKeysSource(string ProfileName, SourceLocation Location, string AccessKeyId, string SecretAccessKey, string? SessionToken, SourceLocation? SessionTokenLocation)
    : ChainSource(ProfileName, Location)
{
    // Records print every member; these hold secrets.
    public override string ToString() => "StaticKeys(" + ProfileName + ", key ..." + AccessKeyIdSuffix + (SessionToken is null ? ")" : ", with session token)");

    public string AccessKeyIdSuffix => AccessKeyId.Length <= 4 ? AccessKeyId : AccessKeyId.Substring(AccessKeyId.Length - 4);
}

/// <summary><c>credential_source</c> in the role profile itself.</summary>
internal sealed record CredentialSourceReference(string ProfileName, SourceLocation Location, CredentialSourceKind Kind)
    : ChainSource(ProfileName, Location);

/// <summary>A source profile with <c>credential_process</c>.</summary>
internal sealed record ProcessSource(string ProfileName, SourceLocation Location, string Command)
    : ChainSource(ProfileName, Location);

/// <summary>A source profile of a kind the SDK resolves itself (SSO, web identity).</summary>
internal sealed record SdkProfileSource(string ProfileName, SourceLocation Location)
    : ChainSource(ProfileName, Location);

/// <summary>One AssumeRole call of a chain: the settings of one role profile, each with its location.</summary>
internal sealed record RoleHop(
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
    /// Whether the credentials this hop calls STS with are themselves temporary (a previous hop,
    /// instance-profile or container credentials, or static keys with a session token), so STS
    /// caps the session at one hour. <see langword="null"/> when that is known only at run time
    /// (<c>credential_source = Environment</c>).
    /// </summary>
    public bool? IsRoleChaining { get; init; }
}

/// <summary>
/// A resolved role profile: the source of the first credentials, then each role to assume in order;
/// the last hop is the profile that was asked for.
/// </summary>
internal sealed record RoleProfileChain(string ProfileName, ChainSource Source, IReadOnlyList<RoleHop> Hops, ProfileFileLocations Files)
{
    /// <summary>The hop for the profile that was asked for.</summary>
    public RoleHop Target => Hops[Hops.Count - 1];

    /// <summary>The profile names from the source to the target, as <c>base -> a -> b</c>.</summary>
    public string Describe()
        => string.Join(" -> ", new[] { Source.ProfileName }.Concat(Hops.Select(h => h.ProfileName)).Distinct());
}
