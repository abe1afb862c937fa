namespace Sts.Resilience.Profiles;

/// <summary><c>credential_source</c> in the role profile itself.</summary>
/// <param name="ProfileName">The role profile.</param>
/// <param name="Location">Where <c>credential_source</c> is.</param>
/// <param name="Kind">Its value.</param>
public sealed record CredentialSourceReference(string ProfileName, SourceLocation Location, CredentialSourceKind Kind)
    : ChainSource(ProfileName, Location);
