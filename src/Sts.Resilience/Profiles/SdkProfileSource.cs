namespace Sts.Resilience.Profiles;

/// <summary>A source profile of a kind the AWS SDK resolves itself (SSO, web identity).</summary>
/// <param name="ProfileName">The source profile.</param>
/// <param name="Location">Where the profile is.</param>
public sealed record SdkProfileSource(string ProfileName, SourceLocation Location)
    : ChainSource(ProfileName, Location);
