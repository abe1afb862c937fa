namespace Sts.Resilience.Profiles;

/// <summary>
/// A resolved role profile: the source of the first credentials, then each role to assume in order;
/// the last hop is the profile that was asked for.
/// </summary>
/// <param name="ProfileName">The profile that was asked for.</param>
/// <param name="Source">Where the first credentials come from.</param>
/// <param name="Hops">The roles to assume, first to last.</param>
/// <param name="Files">The files the profiles were read from.</param>
public sealed record RoleProfileChain(string ProfileName, ChainSource Source, IReadOnlyList<RoleHop> Hops, ProfileFileLocations Files)
{
    /// <summary>Gets the hop for the profile that was asked for.</summary>
    public RoleHop Target => Hops[Hops.Count - 1];

    /// <summary>Describes the chain by its profile names.</summary>
    /// <returns>The profile names from the source to the target, as <c>base -> a -> b</c>.</returns>
    public string Describe()
        => string.Join(" -> ", new[] { Source.ProfileName }.Concat(Hops.Select(h => h.ProfileName)).Distinct());
}
