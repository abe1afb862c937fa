namespace Sts.Resilience.Profiles;

/// <summary>Where the first role of a chain gets its credentials: one of the sealed types derived from this one.</summary>
/// <param name="ProfileName">The profile that says so.</param>
/// <param name="Location">Where it says so.</param>
public abstract record ChainSource(string ProfileName, SourceLocation Location);
