using System.Globalization;
using static Sts.Resilience.Profiles.ProfileKeys;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Turns a profile name into a <see cref="RoleProfileChain"/>, following <c>source_profile</c> the way
/// the AWS CLI does: a source profile with static keys ends the chain (even if it also has a
/// <c>role_arn</c>); a profile may name itself as <c>source_profile</c> only to use its own static keys;
/// any other repeated profile is a cycle, reported as <c>a -> b -> a</c>.
/// </summary>
public static class RoleProfileResolver
{
    private static readonly string[] RoleOnlyKeys = [SourceProfile, CredentialSource, RoleSessionName, ExternalId, MfaSerial, DurationSeconds];
    private static readonly string[] SdkResolvedKeys = ["sso_session", "sso_start_url", WebIdentityTokenFile];

    /// <summary>Resolves <paramref name="profileName"/> (or <c>AWS_PROFILE</c>, or <c>default</c>) in <paramref name="store"/>.</summary>
    /// <param name="store">The profiles.</param>
    /// <param name="profileName">The role profile; <see langword="null"/> for <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <returns>Where the first credentials come from, then every role to assume, each with the file and line of its settings.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ProfileConfigurationException">Thrown when the profile cannot be used to assume a role; the message says where and why.</exception>
    public static RoleProfileChain Resolve(SharedProfileStore store, string? profileName = null)
    {
        Internal.Guard.NotNull(store);
        var name = string.IsNullOrWhiteSpace(profileName) ? ProfileFileLocations.DefaultProfileName() : profileName!.Trim();
        if (!store.TryGetProfile(name, out var profile))
        {
            throw ProfileNotFound(store, name);
        }

        if (ReadWebIdentity(profile) is { } webIdentity)
        {
            throw Error(ProfileProblem.NotARoleProfile, profile.Name, webIdentity.Location, WebIdentityTokenFile,
                $"Profile '{profile.Name}' ({webIdentity.Location}) is a web identity profile (role_arn with web_identity_token_file): it is assumed with AssumeRoleWithWebIdentity, not AssumeRole. Use RefreshingCredentials.FromDefaultChain (with AWS_PROFILE={profile.Name}), or name it as the source_profile of a role profile.");
        }

        if (!profile.Has(RoleArn))
        {
            foreach (var key in RoleOnlyKeys)
            {
                if (profile.TryGet(key, out var entry))
                {
                    throw Error(ProfileProblem.RoleSettingsWithoutRoleArn, profile.Name, entry.Location, RoleArn,
                        $"Profile '{profile.Name}' sets {key} ({entry.Location}) but has no role_arn: add role_arn = arn:aws:iam::<account>:role/<name> to the profile, or remove {key}.");
                }
            }

            throw Error(ProfileProblem.NotARoleProfile, profile.Name, profile.Location, RoleArn,
                $"Profile '{profile.Name}' ({profile.Location}) has no role_arn, so there is no role to assume: name a profile that sets role_arn with source_profile or credential_source.");
        }

        var hops = new List<RoleHop>();
        var visited = new List<string> { profile.Name };
        var current = profile;
        ChainSource source;
        while (true)
        {
            var hop = ReadHop(current);
            current.TryGet(SourceProfile, out var sourceProfileEntry);
            current.TryGet(CredentialSource, out var credentialSourceEntry);
            if (sourceProfileEntry is not null && credentialSourceEntry is not null)
            {
                throw Error(ProfileProblem.SourceProfileAndCredentialSource, current.Name, credentialSourceEntry.Location, CredentialSource,
                    $"Profile '{current.Name}' sets both source_profile ({sourceProfileEntry.Location}) and credential_source ({credentialSourceEntry.Location}): keep exactly one of them.");
            }

            if (credentialSourceEntry is not null)
            {
                var kind = ParseCredentialSource(current.Name, credentialSourceEntry);
                hops.Add(hop);
                source = new CredentialSourceReference(current.Name, credentialSourceEntry.Location, kind);
                break;
            }

            if (sourceProfileEntry is null || sourceProfileEntry.Value.Length == 0)
            {
                var at = sourceProfileEntry?.Location ?? hop.RoleArnLocation;
                throw Error(ProfileProblem.NoSourceForRole, current.Name, at, SourceProfile,
                    $"Profile '{current.Name}' sets role_arn ({hop.RoleArnLocation}) but neither source_profile nor credential_source (Environment, Ec2InstanceMetadata or EcsContainer): say where the credentials that assume the role come from.");
            }

            hops.Add(hop);
            var sourceName = sourceProfileEntry.Value;
            if (!store.TryGetProfile(sourceName, out var sourceProfile))
            {
                throw Error(ProfileProblem.SourceProfileNotFound, current.Name, sourceProfileEntry.Location, SourceProfile,
                    $"Profile '{current.Name}' names source_profile '{sourceName}' ({sourceProfileEntry.Location}), which does not exist in {store.Locations.ConfigFilePath} (as [profile {sourceName}]) or {store.Locations.CredentialsFilePath} (as [{sourceName}]).");
            }

            var index = visited.IndexOf(sourceName);
            var isStatic = sourceProfile.TryGet(AccessKeyId, out _);
            if (index >= 0 && !(isStatic && sourceName == current.Name))
            {
                var members = visited.Skip(index).ToArray();
                var cycle = string.Join(" -> ", members.Concat([sourceName]));
                throw new ProfileConfigurationException(ProfileProblem.ProfileCycle, current.Name, sourceProfileEntry.Location.FilePath, sourceProfileEntry.Location.Line, SourceProfile,
                    $"Profile '{profile.Name}' cannot be resolved: source_profile forms a cycle {cycle} (last link at {sourceProfileEntry.Location}). Point one of them at a profile with keys or use credential_source.")
                {
                    Cycle = members,
                };
            }

            if (isStatic)
            {
                source = ReadStaticKeys(sourceProfile);
                break;
            }

            if (ReadWebIdentity(sourceProfile) is { } webIdentitySource)
            {
                source = webIdentitySource;
                break;
            }

            if (sourceProfile.Has(RoleArn))
            {
                visited.Add(sourceName);
                current = sourceProfile;
                continue;
            }

            if (sourceProfile.TryGet(CredentialProcess, out var processEntry) && processEntry.Value.Length > 0)
            {
                source = new ProcessSource(sourceName, processEntry.Location, processEntry.Value);
                break;
            }

            if (SdkResolvedKeys.Any(sourceProfile.Has))
            {
                source = new SdkProfileSource(sourceName, sourceProfile.Location);
                break;
            }

            throw Error(ProfileProblem.SourceProfileWithoutCredentials, current.Name, sourceProfileEntry.Location, SourceProfile,
                $"Profile '{current.Name}' names source_profile '{sourceName}' ({sourceProfileEntry.Location}), but '{sourceName}' ({sourceProfile.Location}) holds no credentials: it needs aws_access_key_id and aws_secret_access_key, role_arn, or credential_process.");
        }

        hops.Reverse();
        for (var i = 0; i < hops.Count; i++)
        {
            hops[i] = hops[i] with { IsRoleChaining = i > 0 ? true : SourceIsTemporary(source) };
        }

        return new RoleProfileChain(profile.Name, source, hops, store.Locations);
    }

    /// <summary>Where a profile without <c>role_arn</c> gets its credentials (used when it is only a source).</summary>
    /// <exception cref="ProfileConfigurationException">Thrown when the profile holds no credentials this library can use.</exception>
    internal static ChainSource ResolveSourceProfile(SharedProfileStore store, SharedProfile profile)
    {
        Internal.Guard.NotNull(store);
        Internal.Guard.NotNull(profile);
        if (profile.TryGet(AccessKeyId, out _))
        {
            return ReadStaticKeys(profile);
        }

        if (profile.TryGet(CredentialProcess, out var processEntry) && processEntry.Value.Length > 0)
        {
            return new ProcessSource(profile.Name, processEntry.Location, processEntry.Value);
        }

        if (ReadWebIdentity(profile) is { } webIdentity)
        {
            return webIdentity;
        }

        if (SdkResolvedKeys.Any(profile.Has))
        {
            return new SdkProfileSource(profile.Name, profile.Location);
        }

        throw Error(ProfileProblem.SourceProfileWithoutCredentials, profile.Name, profile.Location, null,
            $"Profile '{profile.Name}' ({profile.Location}) holds no credentials: it needs aws_access_key_id and aws_secret_access_key, role_arn, or credential_process.");
    }

    /// <summary>
    /// The profile as a web identity source, when it has <c>role_arn</c> and <c>web_identity_token_file</c> (which, as in
    /// the AWS CLI, makes it a web identity profile whatever else it sets); otherwise <see langword="null"/>.
    /// </summary>
    internal static WebIdentityProfileSource? ReadWebIdentity(SharedProfile profile)
    {
        if (!profile.TryGet(RoleArn, out var roleArn) || roleArn.Value.Length == 0
            || !profile.TryGet(WebIdentityTokenFile, out var tokenFile) || tokenFile.Value.Length == 0)
        {
            return null;
        }

        return new WebIdentityProfileSource(profile.Name, tokenFile.Location, roleArn.Value, tokenFile.Value, profile.Get(RoleSessionName), profile.Get(Region), roleArn.Location);
    }

    private static bool? SourceIsTemporary(ChainSource source) => source switch
    {
        WebIdentityProfileSource => true,
        StaticKeysSource s => s.SessionToken is not null,
        CredentialSourceReference { Kind: CredentialSourceKind.Environment } => null,
        CredentialSourceReference => true,
        _ => null,
    };

    private static RoleHop ReadHop(SharedProfile profile)
    {
        profile.TryGet(RoleArn, out var roleArn);
        int? duration = null;
        SourceLocation? durationLocation = null;
        if (profile.TryGet(DurationSeconds, out var durationEntry))
        {
            durationLocation = durationEntry.Location;
            if (!int.TryParse(durationEntry.Value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var seconds))
            {
                throw Error(ProfileProblem.MalformedDurationSeconds, profile.Name, durationEntry.Location, DurationSeconds,
                    $"Profile '{profile.Name}' has duration_seconds = '{durationEntry.Value}' ({durationEntry.Location}), which is not a whole number of seconds: STS accepts {StsLimits.MinimumDurationSeconds} to {StsLimits.MaximumRoleDurationSeconds} (at most {StsLimits.RoleChainingMaximumDurationSeconds} when the source is itself a role).");
            }

            if (seconds is < StsLimits.MinimumDurationSeconds or > StsLimits.MaximumRoleDurationSeconds)
            {
                throw Error(ProfileProblem.MalformedDurationSeconds, profile.Name, durationEntry.Location, DurationSeconds,
                    $"Profile '{profile.Name}' has duration_seconds = {seconds} ({durationEntry.Location}), outside what STS accepts: {StsLimits.MinimumDurationSeconds} to {StsLimits.MaximumRoleDurationSeconds} (at most {StsLimits.RoleChainingMaximumDurationSeconds} when the source is itself a role).");
            }

            duration = seconds;
        }

        return new RoleHop(
            profile.Name,
            roleArn!.Value,
            profile.Get(RoleSessionName),
            profile.Get(ExternalId),
            profile.Get(MfaSerial),
            duration,
            profile.Get(Region),
            roleArn.Location,
            durationLocation);
    }

    private static StaticKeysSource ReadStaticKeys(SharedProfile profile)
    {
        profile.TryGet(AccessKeyId, out var accessKey);
        if (accessKey.Value.Length == 0 || !profile.TryGet(SecretAccessKey, out var secret) || secret.Value.Length == 0)
        {
            var missing = accessKey.Value.Length == 0 ? AccessKeyId : SecretAccessKey;
            throw Error(ProfileProblem.IncompleteStaticCredentials, profile.Name, accessKey.Location, missing,
                $"Profile '{profile.Name}' sets aws_access_key_id ({accessKey.Location}) but {missing} is missing or empty: a profile with keys needs both aws_access_key_id and aws_secret_access_key.");
        }

        profile.TryGet(SessionToken, out var token);
        var tokenValue = token is { Value.Length: > 0 } ? token.Value : null;
        return new StaticKeysSource(profile.Name, accessKey.Location, accessKey.Value, secret.Value, tokenValue, tokenValue is null ? null : token!.Location);
    }

    private static CredentialSourceKind ParseCredentialSource(string profileName, IniEntry entry)
    {
        switch (entry.Value)
        {
            case "Environment": return CredentialSourceKind.Environment;
            case "Ec2InstanceMetadata": return CredentialSourceKind.Ec2InstanceMetadata;
            case "EcsContainer": return CredentialSourceKind.EcsContainer;
            default:
                throw Error(ProfileProblem.UnknownCredentialSource, profileName, entry.Location, CredentialSource,
                    $"Profile '{profileName}' has credential_source = '{entry.Value}' ({entry.Location}): the supported values are Environment, Ec2InstanceMetadata and EcsContainer (case-sensitive).");
        }
    }

    private static ProfileConfigurationException ProfileNotFound(SharedProfileStore store, string name)
    {
        var message = $"The AWS profile '{name}' does not exist: it is neither [profile {name}] in the config file {store.Locations.ConfigFilePath} nor [{name}] in the credentials file {store.Locations.CredentialsFilePath}.";
        var bare = store.IgnoredConfigSections.FirstOrDefault(s => s.Header == name);
        if (bare is not null)
        {
            message += $" The config file has a section [{name}] ({bare.Location}), which the AWS CLI and this library ignore: rename it [profile {name}].";
            return Error(ProfileProblem.ProfileNotFound, name, bare.Location, null, message);
        }

        return new ProfileConfigurationException(ProfileProblem.ProfileNotFound, name, store.Locations.ConfigFilePath, null, null, message);
    }

    private static ProfileConfigurationException Error(ProfileProblem problem, string profileName, SourceLocation location, string? key, string message)
        => new(problem, profileName, location.FilePath, location.Line, key, message);
}
