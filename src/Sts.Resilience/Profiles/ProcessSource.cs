namespace Sts.Resilience.Profiles;

/// <summary>A source profile with <c>credential_process</c>.</summary>
/// <param name="ProfileName">The source profile.</param>
/// <param name="Location">Where <c>credential_process</c> is.</param>
/// <param name="Command">The command line.</param>
public sealed record ProcessSource(string ProfileName, SourceLocation Location, string Command)
    : ChainSource(ProfileName, Location);
