using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Reads the shared config and credentials files with the library's parser and reports, for the chosen profile
/// (or every profile): static <c>aws_session_token</c> entries (the cause that recurs every hour), missing source
/// profiles, cycles, <c>duration_seconds</c> above 3600 on a chained role, and sections or lines the AWS CLI
/// ignores or refuses — each with the file and line to change and the text to write instead.
/// </summary>
internal sealed class ProfilesCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "profiles";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        SharedProfileStore store;
        try
        {
            store = CredentialResolver.LoadStore(context.Paths);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Result([new Finding("profiles.unreadable", Name, Severity.Problem,
                $"The AWS config files cannot be read: {context.Tidy(ex.Message)}",
                $"Check the permissions of {context.Display(context.Paths.ConfigFile)} and {context.Display(context.Paths.CredentialsFile)}.")]);
        }

        var files = $"{context.Display(context.Paths.ConfigFile)} and {context.Display(context.Paths.CredentialsFile)}";
        var selected = context.SelectedProfile;
        var findings = new List<Finding>();
        HashSet<string>? relevant = null;
        RoleProfileChain? chain = null;
        if (selected is not null)
        {
            if (!store.TryGetProfile(selected, out _))
            {
                var message = NotFoundMessage(store, selected);
                findings.Add(new Finding("profiles.not-found", Name, Severity.Problem, context.Tidy(message),
                    $"Create it in {context.Display(context.Paths.ConfigFile)} as [profile {selected}] (with role_arn + source_profile), or pick an existing one: {ExistingProfiles(store)}."));
                findings.AddRange(FileLevel(context, ProfileDiagnostics.Analyze(store)));
                return Result(findings);
            }

            relevant = [selected];
            try
            {
                chain = RoleProfileResolver.Resolve(store, selected);
                relevant.UnionWith(chain.Hops.Select(h => h.ProfileName));
                relevant.Add(chain.Source.ProfileName);
            }
            catch (ProfileConfigurationException ex)
            {
                if (ex.ProfileName is not null)
                {
                    relevant.Add(ex.ProfileName);
                }
            }
        }

        var diagnostics = ProfileDiagnostics.Analyze(store);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Kind is ProfileFindingKind.IgnoredConfigSection or ProfileFindingKind.UnparsedLine)
            {
                continue;
            }

            if (relevant is not null && !IsAbout(diagnostic, relevant))
            {
                continue;
            }

            findings.Add(Convert(context, store, diagnostic));
        }

        findings.AddRange(FileLevel(context, diagnostics));
        if (findings.Count == 0)
        {
            findings.Add(new Finding("profiles.ok", Name, Severity.Ok, Summary(store, selected, chain, files)));
        }

        return Result(findings);
    }

    /// <summary>Whether the finding concerns a relevant profile (a cycle, reported once, concerns every profile on it).</summary>
    private static bool IsAbout(ProfileFinding diagnostic, HashSet<string> relevant) => diagnostic.Profiles.Any(relevant.Contains);

    private Finding Convert(DoctorContext context, SharedProfileStore store, ProfileFinding diagnostic)
    {
        var location = diagnostic.Location;
        var at = location.Line > 0 ? $"{context.Display(location.FilePath)}:{location.Line}" : context.Display(location.FilePath);
        var message = context.Tidy(diagnostic.Message);
        var (id, severity, fix) = diagnostic.Kind switch
        {
            ProfileFindingKind.StaticSessionToken => ("profiles.static-session-token", Severity.Problem, StaticTokenFix(context, store, diagnostic.ProfileName!)),
            ProfileFindingKind.DurationAboveRoleChainingLimit => ("profiles.chained-duration", Severity.Problem,
                $"In [{RoleCheck.ProfileSection(diagnostic.ProfileName!)}] ({at}) write:\nduration_seconds = {StsLimits.RoleChainingMaximumDurationSeconds}\nor assume the role directly from a profile with long-term keys."),
            _ => diagnostic.Problem switch
            {
                ProfileProblem.ProfileCycle => ("profiles.cycle", Severity.Problem,
                    $"Break the cycle at {at}: point source_profile at a profile with aws_access_key_id/aws_secret_access_key, or replace it with credential_source = Environment | Ec2InstanceMetadata | EcsContainer."),
                ProfileProblem.SourceProfileNotFound => ("profiles.missing-source-profile", Severity.Problem, MissingSourceFix(context, store, diagnostic, at)),
                ProfileProblem.MalformedDurationSeconds => ("profiles.bad-duration", Severity.Problem, $"At {at} write a whole number of seconds from {StsLimits.MinimumDurationSeconds} to {StsLimits.DefaultDurationSeconds} (up to {StsLimits.MaximumRoleDurationSeconds} when the source has long-term keys and the role allows it)."),
                ProfileProblem.SourceProfileAndCredentialSource => ("profiles.source-conflict", Severity.Problem, $"Keep either source_profile or credential_source in [{RoleCheck.ProfileSection(diagnostic.ProfileName!)}]."),
                ProfileProblem.NoSourceForRole => ("profiles.no-source", Severity.Problem, $"Add source_profile = <a profile with long-term keys> under role_arn ({at})."),
                ProfileProblem.UnknownCredentialSource => ("profiles.bad-credential-source", Severity.Problem, $"At {at} write credential_source = Environment, Ec2InstanceMetadata or EcsContainer (exactly so)."),
                ProfileProblem.RoleSettingsWithoutRoleArn => ("profiles.missing-role-arn", Severity.Problem, $"Add role_arn = arn:aws:iam::<account>:role/<name> to [{RoleCheck.ProfileSection(diagnostic.ProfileName!)}], or remove the key at {at}."),
                ProfileProblem.IncompleteStaticCredentials => ("profiles.incomplete-keys", Severity.Problem, $"Give [{diagnostic.ProfileName}] both aws_access_key_id and aws_secret_access_key ({at})."),
                ProfileProblem.SourceProfileWithoutCredentials => ("profiles.source-without-credentials", Severity.Problem, $"Give the source profile aws_access_key_id and aws_secret_access_key, or point source_profile ({at}) at one that has them."),
                _ => ("profiles.unusable", Severity.Problem, $"Edit {at} as the finding says."),
            },
        };

        return new Finding(id, Name, severity, message, fix) { File = location.FilePath, Line = location.Line > 0 ? location.Line : null };
    }

    private static IEnumerable<Finding> FileLevel(DoctorContext context, IReadOnlyList<ProfileFinding> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var location = diagnostic.Location;
            if (diagnostic.Kind == ProfileFindingKind.IgnoredConfigSection)
            {
                yield return new Finding("profiles.ignored-section", CheckName, Severity.Warning, context.Tidy(diagnostic.Message),
                    $"Rename [{diagnostic.ProfileName}] to [profile {diagnostic.ProfileName}] at {context.Display(location.FilePath)}:{location.Line}.")
                { File = location.FilePath, Line = location.Line };
            }
            else if (diagnostic.Kind == ProfileFindingKind.UnparsedLine)
            {
                yield return new Finding("profiles.unparsed-line", CheckName, Severity.Problem, context.Tidy(diagnostic.Message),
                    $"Fix or delete line {location.Line} of {context.Display(location.FilePath)}: the AWS CLI refuses the whole file until then.")
                { File = location.FilePath, Line = location.Line };
            }
        }
    }

    /// <summary>The profile text to write instead of pasted session credentials.</summary>
    private static string StaticTokenFix(DoctorContext context, SharedProfileStore store, string profileName)
    {
        var roleArn = "arn:aws:iam::<account>:role/<role>";
        if (context.Credentials.BaseProfileName == profileName && context.Identity?.Arn is { } arn && RoleFromAssumedRoleArn(arn) is { } guessed)
        {
            roleArn = guessed;
        }

        var source = store.Profiles.Values
            .Where(p => p.Name != profileName && p.Get(ProfileKeys.AccessKeyId)?.StartsWith("AKIA", StringComparison.Ordinal) == true && !p.Has(ProfileKeys.SessionToken))
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault() ?? "<a profile with long-term keys>";
        return $"Delete aws_access_key_id, aws_secret_access_key and aws_session_token from [{profileName}], and write in {context.Display(context.Paths.ConfigFile)}:\n"
            + $"[{RoleCheck.ProfileSection(profileName)}]\n"
            + $"role_arn = {roleArn}\n"
            + $"source_profile = {source}\n"
            + "The AWS CLI and SDKs then assume the role and refresh the session by themselves.";
    }

    private static string MissingSourceFix(DoctorContext context, SharedProfileStore store, ProfileFinding diagnostic, string at)
    {
        var missing = diagnostic.ProfileName is { } name && store.TryGetProfile(name, out var profile) ? profile.Get(ProfileKeys.SourceProfile) : null;
        missing ??= "<name>";
        return $"Point source_profile ({at}) at an existing profile ({ExistingProfiles(store)}), or add the missing one to {context.Display(context.Paths.CredentialsFile)}:\n"
            + $"[{missing}]\n"
            + "aws_access_key_id = <long-term key id>\n"
            + "aws_secret_access_key = <its secret>";
    }

    private static string Summary(SharedProfileStore store, string? selected, RoleProfileChain? chain, string files)
    {
        if (store.Profiles.Count == 0)
        {
            return $"No profiles in {files}.";
        }

        if (selected is null)
        {
            return $"{store.Profiles.Count} profile{(store.Profiles.Count == 1 ? "" : "s")} in {files}: no static session tokens, missing source profiles or cycles.";
        }

        if (chain is not null)
        {
            return $"Profile '{selected}' assumes {chain.Target.RoleArn} ({chain.Describe()}): the SDKs refresh it by themselves.";
        }

        return $"Profile '{selected}' has no static session token.";
    }

    private static string NotFoundMessage(SharedProfileStore store, string name)
    {
        try
        {
            RoleProfileResolver.Resolve(store, name);
            return $"Profile '{name}' does not exist.";
        }
        catch (ProfileConfigurationException ex)
        {
            return ex.Message;
        }
    }

    private static string ExistingProfiles(SharedProfileStore store) =>
        store.Profiles.Count == 0 ? "there are none" : string.Join(", ", store.Profiles.Keys.Order(StringComparer.Ordinal));

    /// <summary><c>arn:aws:sts::123:assumed-role/Name/session</c> → <c>arn:aws:iam::123:role/Name</c> (a role path, if any, is not in the session ARN).</summary>
    internal static string? RoleFromAssumedRoleArn(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "sts" || !parts[5].StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = parts[5].Split('/');
        return segments.Length < 3 ? null : $"arn:{parts[1]}:iam::{parts[4]}:role/{segments[1]}";
    }

    private static Task<IReadOnlyList<Finding>> Result(List<Finding> findings) => Task.FromResult<IReadOnlyList<Finding>>(findings);
}
