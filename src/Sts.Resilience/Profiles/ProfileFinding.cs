namespace Sts.Resilience.Profiles;

/// <summary>One fact about the shared files worth telling a person, with the file, line and key to look at; never a secret.</summary>
/// <param name="Kind">What kind of fact.</param>
/// <param name="ProfileName">The profile it is about, if it is about one.</param>
/// <param name="Location">The file and line to change (line 0: the file as a whole).</param>
/// <param name="Key">The key to change, if it is about one.</param>
/// <param name="Message">What is wrong and what to do, for people.</param>
public sealed record ProfileFinding(ProfileFindingKind Kind, string? ProfileName, SourceLocation Location, string? Key, string Message)
{
    /// <summary>Gets which problem, for <see cref="ProfileFindingKind.UnusableRoleProfile"/>.</summary>
    /// <value><see cref="ProfileProblem.None"/> for the other kinds.</value>
    public ProfileProblem Problem { get; init; }

    /// <summary>
    /// Gets every profile the finding concerns: <see cref="ProfileName"/>, and for a cycle (reported once, from whichever
    /// profile met it first) every profile on it.
    /// </summary>
    public IReadOnlyList<string> Profiles { get; init; } = ProfileName is null ? [] : [ProfileName];
}
