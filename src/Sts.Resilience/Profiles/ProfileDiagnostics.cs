namespace Sts.Resilience.Profiles;

/// <summary>
/// Reads every profile of a <see cref="SharedProfileStore"/> and reports what would make credentials
/// expire or fail to resolve, each finding with the file, line and key to change. <c>sts-doctor</c> reports these; no
/// secret appears in a finding.
/// </summary>
public static class ProfileDiagnostics
{
    /// <summary>Reads the files <paramref name="locations"/> names and analyses every profile in them.</summary>
    /// <param name="locations">The files, for example <see cref="ProfileFileLocations.FromEnvironment"/>.</param>
    /// <returns>The findings, by profile name, then ignored sections, then lines that are not INI; empty when all is well.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="locations"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">Thrown when a file exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when a file may not be read.</exception>
    public static IReadOnlyList<ProfileFinding> Analyze(ProfileFileLocations locations) => Analyze(SharedProfileStore.Load(locations));

    /// <summary>Analyses every profile of <paramref name="store"/>.</summary>
    /// <param name="store">The profiles.</param>
    /// <returns>The findings, by profile name, then ignored sections, then lines that are not INI; empty when all is well.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ProfileFinding> Analyze(SharedProfileStore store)
    {
        Internal.Guard.NotNull(store);
        var findings = new List<ProfileFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in store.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (profile.TryGet(ProfileKeys.SessionToken, out var token) && token.Value.Length > 0)
            {
                findings.Add(new ProfileFinding(ProfileFindingKind.StaticSessionToken, profile.Name, token.Location, ProfileKeys.SessionToken,
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
                if (hop.IsRoleChaining == true && hop.DurationSeconds > StsLimits.RoleChainingMaximumDurationSeconds && hop.DurationSecondsLocation is { } at)
                {
                    findings.Add(new ProfileFinding(ProfileFindingKind.DurationAboveRoleChainingLimit, profile.Name, at, ProfileKeys.DurationSeconds,
                        $"Profile '{profile.Name}' asks for duration_seconds = {hop.DurationSeconds} ({at}), but its source credentials are themselves temporary ({chain.Describe()}): STS allows at most {StsLimits.RoleChainingMaximumDurationSeconds} seconds for a chained role."));
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
                    findings.Add(new ProfileFinding(ProfileFindingKind.UnusableRoleProfile, ex.ProfileName, location, ex.Key, ex.Message)
                    {
                        Problem = ex.Problem,
                        Profiles = ex.Cycle ?? (ex.ProfileName is { } name ? [name] : []),
                    });
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

    /// <summary>A profile that claims a role to assume; a web identity profile is assumed with AssumeRoleWithWebIdentity and is not one.</summary>
    private static bool IsRoleLike(SharedProfile profile)
        => (profile.Has(ProfileKeys.RoleArn)
            || profile.Has(ProfileKeys.SourceProfile)
            || profile.Has(ProfileKeys.CredentialSource))
        && RoleProfileResolver.ReadWebIdentity(profile) is null;
}
