namespace Sts.Resilience.Profiles;

/// <summary>The kind of a <see cref="ProfileFinding"/>.</summary>
internal enum ProfileFindingKind
{
    /// <summary>A profile that cannot be resolved; <see cref="ProfileFinding.Problem"/> says why.</summary>
    UnusableRoleProfile,

    /// <summary>A static <c>aws_session_token</c>: these credentials expire and never refresh.</summary>
    StaticSessionToken,

    /// <summary><c>duration_seconds</c> above 3600 on a role assumed with temporary credentials: STS refuses it.</summary>
    DurationAboveRoleChainingLimit,

    /// <summary>A config-file section <c>[name]</c> that the CLI ignores (it needs <c>[profile name]</c>).</summary>
    IgnoredConfigSection,

    /// <summary>A line that is not INI (the AWS CLI refuses the whole file).</summary>
    UnparsedLine,
}

/// <summary>One fact about the shared files worth telling a person, with the file and line to look at.</summary>
internal sealed record ProfileFinding(ProfileFindingKind Kind, string? ProfileName, SourceLocation Location, string? Key, string Message)
{
    /// <summary>For <see cref="ProfileFindingKind.UnusableRoleProfile"/>: which problem.</summary>
    public ProfileProblem Problem { get; init; }
}

/// <summary>
/// Reads every profile of a <see cref="SharedProfileStore"/> and reports what would make credentials
/// expire or fail to resolve. Used by <c>sts-doctor</c>; no secret appears in a finding.
/// </summary>
internal static class ProfileDiagnostics
{
    public static IReadOnlyList<ProfileFinding> Analyze(SharedProfileStore store)
    {
        Internal.Guard.NotNull(store);
        var findings = new List<ProfileFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in store.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (profile.TryGet(RoleProfileResolver.SessionToken, out var token) && token.Value.Length > 0)
            {
                findings.Add(new ProfileFinding(ProfileFindingKind.StaticSessionToken, profile.Name, token.Location, RoleProfileResolver.SessionToken,
                    $"Profile '{profile.Name}' holds a static aws_session_token ({token.Location}): these credentials expire (usually within 1 to 12 hours) and nothing refreshes them. Replace them with role_arn and source_profile."));
            }

            if (!IsRoleLike(profile))
            {
                continue;
            }

            try
            {
                var chain = RoleProfileResolver.Resolve(store, profile.Name);
                var hop = chain.Target;
                if (hop.IsRoleChaining == true && hop.DurationSeconds > RoleProfileResolver.RoleChainingMaxDurationSeconds && hop.DurationSecondsLocation is { } at)
                {
                    findings.Add(new ProfileFinding(ProfileFindingKind.DurationAboveRoleChainingLimit, profile.Name, at, RoleProfileResolver.DurationSeconds,
                        $"Profile '{profile.Name}' asks for duration_seconds = {hop.DurationSeconds} ({at}), but its source credentials are themselves temporary ({chain.Describe()}): STS allows at most {RoleProfileResolver.RoleChainingMaxDurationSeconds} seconds for a chained role."));
                }
            }
            catch (ProfileConfigurationException ex)
            {
                // A cycle is met from every profile on it (and every profile that leads to it); say it once.
                var identity = ex.Cycle is { } cycle
                    ? "cycle|" + string.Join("|", cycle.OrderBy(n => n, StringComparer.Ordinal))
                    : ex.Problem + "|" + ex.FilePath + ":" + ex.LineNumber;
                if (seen.Add(identity))
                {
                    var location = new SourceLocation(ex.FilePath ?? store.Locations.ConfigFilePath, ex.LineNumber ?? 0);
                    findings.Add(new ProfileFinding(ProfileFindingKind.UnusableRoleProfile, ex.ProfileName, location, ex.Key, ex.Message) { Problem = ex.Problem });
                }
            }
        }

        foreach (var section in store.IgnoredConfigSections)
        {
            findings.Add(new ProfileFinding(ProfileFindingKind.IgnoredConfigSection, section.Header, section.Location, null,
                $"The config file section [{section.Header}] ({section.Location}) is ignored by the AWS CLI and this library: in the config file a profile is written [profile {section.Header}]."));
        }

        foreach (var line in store.UnparsedLines)
        {
            findings.Add(new ProfileFinding(ProfileFindingKind.UnparsedLine, null, line, null,
                $"Line {line} is neither a [section], a key = value nor a comment: the AWS CLI refuses to read a file with such a line."));
        }

        return findings;
    }

    private static bool IsRoleLike(SharedProfile profile)
        => profile.Has(RoleProfileResolver.RoleArn)
        || profile.Has(RoleProfileResolver.SourceProfile)
        || profile.Has(RoleProfileResolver.CredentialSource);
}
