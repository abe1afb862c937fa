using System.Globalization;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Assumes each role of the chain once (a role profile's chain, then <c>--role-arn</c>), with the configured
/// duration, and explains a refusal: duration above the role's MaxSessionDuration, the 1-hour role-chaining
/// limit, access denied (trust policy or a missing external id).
/// </summary>
internal sealed class RoleCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "role";

    public string Name => CheckName;

    public bool UsesNetwork => true;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        // The profile's roles, then --role-arn: a role given on the command line has no profile and the default duration.
        var chain = context.Credentials.Chain.Select(h => new Step(h.RoleArn, h))
            .Concat(context.Options.RoleArn is { } roleArn ? [new Step(roleArn, null)] : [])
            .ToList();
        if (context.Credentials.Unresolvable is not null && context.Credentials.ProfileName is not null)
        {
            return [new Finding("role.skipped", Name, Severity.Skipped,
                $"Not tried: {context.Credentials.Description} cannot be resolved ({context.Credentials.Unresolvable}).")];
        }

        if (chain.Count == 0)
        {
            return [new Finding("role.none", Name, Severity.Skipped,
                "No role to assume: the credentials are not from a role profile and no --role-arn was given.")];
        }

        if (context.Identity is not { Accepted: true } || context.Credentials.BaseCredentials is null)
        {
            return [new Finding("role.skipped", Name, Severity.Skipped,
                $"Not tried: {(context.Identity is null ? "the credentials could not be checked" : "STS did not accept the credentials")} (see identity).")];
        }

        var findings = new List<Finding>();
        AWSCredentials current = context.Credentials.BaseCredentials;
        for (var i = 0; i < chain.Count; i++)
        {
            var hop = chain[i];
            var chained = i > 0 || context.Credentials.HasSessionToken;
            if (hop.Profile?.MfaSerial is not null)
            {
                findings.Add(new Finding("role.mfa-required", Name, Severity.Skipped,
                    $"Not tried: {Describe(hop)} needs an MFA code (mfa_serial), which sts-doctor does not ask for."));
                return findings;
            }

            var request = new AssumeRoleRequest
            {
                RoleArn = hop.RoleArn,
                RoleSessionName = hop.Profile?.RoleSessionName ?? "sts-doctor-" + context.Host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                DurationSeconds = hop.DurationSeconds,
                ExternalId = hop.Profile?.ExternalId,
            };
            var result = await context.Sts.AssumeRoleAsync(current, request, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                findings.Add(Explain(context, hop, chained, result.Failure!));
                return findings;
            }

            var issued = result.Value!.Credentials;
            findings.Add(new Finding("role.assumed", Name, Severity.Ok,
                $"Assumed {hop.RoleArn} for {Text.Duration(TimeSpan.FromSeconds(hop.DurationSeconds))}{(hop.Profile is null ? "" : $" (profile '{hop.Profile.ProfileName}')")}."));
            current = new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken);
        }

        return findings;
    }

    private Finding Explain(DoctorContext context, Step hop, bool chained, StsFailure failure)
    {
        var where = hop.Profile is null ? "" : $" in [{ProfileSection(hop.Profile.ProfileName)}] ({context.Display(hop.Profile.RoleArnLocation.FilePath)})";
        var asked = Text.Duration(TimeSpan.FromSeconds(hop.DurationSeconds));
        var kind = failure.ErrorKind;
        if (kind == StsErrorKind.RoleChainingLimit || (chained && hop.DurationSeconds > StsLimits.RoleChainingMaximumDurationSeconds && kind == StsErrorKind.InvalidRequest))
        {
            return new Finding("role.chaining-limit", Name, Severity.Problem,
                $"{Describe(hop)} asks for {asked}, but credentials from another role can assume a role for at most 1 h (role chaining): {failure.Summary}",
                $"Set duration_seconds = {StsLimits.RoleChainingMaximumDurationSeconds.ToString(CultureInfo.InvariantCulture)} (or less){where}, or assume {RoleName(hop.RoleArn)} directly from long-term credentials to get longer sessions.")
            {
                File = hop.DurationLocation?.FilePath,
                Line = hop.DurationLocation?.Line,
            };
        }

        if (kind == StsErrorKind.AboveMaxSessionDuration)
        {
            return new Finding("role.duration-above-max", Name, Severity.Problem,
                $"{Describe(hop)} asks for {asked}, more than the role's MaxSessionDuration allows: {failure.Summary}",
                $"Lower duration_seconds{where} to the role's maximum session duration, or raise it: aws iam update-role --role-name {RoleName(hop.RoleArn)} --max-session-duration {hop.DurationSeconds.ToString(CultureInfo.InvariantCulture)}")
            {
                File = hop.DurationLocation?.FilePath,
                Line = hop.DurationLocation?.Line,
            };
        }

        if (kind == StsErrorKind.AccessDenied)
        {
            var caller = context.Identity?.Arn ?? "the caller";
            var fix = hop.Profile?.ExternalId is null
                ? $"No external id is configured: if the role's trust policy requires sts:ExternalId, add external_id = <the id the role owner gave you>{where}. Otherwise the trust policy must allow {caller}, and the caller's own policy must allow sts:AssumeRole on {hop.RoleArn}."
                : $"Check the external_id{where} against the one the role's trust policy requires, that the trust policy allows {caller}, and that the caller's own policy allows sts:AssumeRole on {hop.RoleArn}.";
            return new Finding("role.access-denied", Name, Severity.Problem,
                $"{caller} may not assume {hop.RoleArn}: {failure.Summary}", fix)
            {
                File = hop.Profile?.RoleArnLocation.FilePath,
                Line = hop.Profile?.RoleArnLocation.Line,
            };
        }

        var decoded = IdentityCheck.Decode(context, failure, $"credentials used to assume {hop.RoleArn}", Name);
        return decoded with { File = hop.Profile?.RoleArnLocation.FilePath, Line = hop.Profile?.RoleArnLocation.Line };
    }

    private static string Describe(Step hop) => hop.Profile is null ? $"--role-arn {hop.RoleArn}" : $"Profile '{hop.Profile.ProfileName}'";

    internal static string ProfileSection(string profileName) => profileName == "default" ? "default" : "profile " + profileName;

    private static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    /// <summary>One role to assume: from a role profile (with its settings and their lines), or <c>--role-arn</c> (<see cref="Profile"/> is <see langword="null"/>).</summary>
    private readonly record struct Step(string RoleArn, RoleHop? Profile)
    {
        public int DurationSeconds => Profile?.EffectiveDurationSeconds ?? StsLimits.DefaultDurationSeconds;

        /// <summary>Where to change the duration: <c>duration_seconds</c>, else <c>role_arn</c>'s line to add it under.</summary>
        public SourceLocation? DurationLocation => Profile?.DurationSecondsLocation ?? Profile?.RoleArnLocation;
    }
}
