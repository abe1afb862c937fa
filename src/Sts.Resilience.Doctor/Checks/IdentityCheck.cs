using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Calls <c>GetCallerIdentity</c> with the resolved base credentials (environment keys, or the keys at the root
/// of the profile chain) and decodes a rejection into its cause. Credentials from the platform (web identity, container,
/// instance metadata) are asked about by <see cref="PlatformIdentity"/>.
/// </summary>
internal sealed class IdentityCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "identity";

    public string Name => CheckName;

    public bool UsesNetwork => true;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var credentials = context.Credentials;
        if (credentials.BaseCredentials is null)
        {
            if (credentials.PlatformSource is { } platform)
            {
                return [await PlatformIdentity.CheckAsync(context, platform, cancellationToken).ConfigureAwait(false)];
            }

            if (credentials.Unresolvable is not null)
            {
                return [new Finding("identity.skipped", Name, Severity.Skipped,
                    $"Not checked: the credentials of {credentials.Description} cannot be resolved ({credentials.Unresolvable}).")];
            }

            return [new Finding("identity.no-credentials", Name, Severity.Problem,
                "No credentials found: no --profile, no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, no AWS_PROFILE and no [default] profile.",
                "Pass --profile NAME, or set AWS_PROFILE to a profile with role_arn + source_profile.")];
        }

        if (context.Clock?.Unreachable is not null)
        {
            return [new Finding("identity.skipped", Name, Severity.Skipped, "Not checked: STS is unreachable (see clock).")];
        }

        var result = await context.Sts.GetCallerIdentityAsync(credentials.BaseCredentials, cancellationToken).ConfigureAwait(false);
        var from = credentials.FromProfile && credentials.BaseProfileName is { } baseProfile
            ? $"profile '{baseProfile}'"
            : credentials.Description;
        var source = $"{(credentials.HasSessionToken ? "temporary" : "long-term")} key {Text.KeyId(credentials.AccessKeyId)} from {from}";
        if (result.Succeeded)
        {
            var identity = result.Value!;
            context.Identity = new IdentityResult(identity.Arn, null);
            return [new Finding("identity.ok", Name, Severity.Ok, $"{identity.Arn} (account {identity.Account}), {source}.")];
        }

        var failure = result.Failure!;
        context.Identity = new IdentityResult(null, failure);
        return [Decode(context, failure, source, "identity")];
    }

    /// <summary>Turns an STS failure into a finding that names its cause; shared with the role check.</summary>
    internal static Finding Decode(DoctorContext context, StsFailure failure, string source, string check)
    {
        var credentials = context.Credentials;
        if (failure.Kind != StsFailureKind.Service)
        {
            return new Finding($"{check}.sts-unreachable", check, Severity.Problem,
                $"Could not reach STS: {failure.Message}.", ClockCheck.Unreachable(context));
        }

        if (failure.ErrorKind == StsErrorKind.Expired)
        {
            var fix = credentials switch
            {
                { FromEnvironment: true } when LambdaAdvice.IsLambda(context.Host) => LambdaAdvice.ExpiredFix,
                { FromEnvironment: true } => "The environment variables hold expired session credentials: unset them (see environment) and use a profile with role_arn + source_profile.",
                { FromProfile: true, HasSessionToken: true } => $"Profile '{credentials.BaseProfileName}' holds a static aws_session_token that has expired: replace it with role_arn + source_profile (see profiles).",
                _ => "Get new credentials; to stop this recurring, use a profile with role_arn + source_profile, which refreshes.",
            };
            return new Finding($"{check}.expired-token", check, Severity.Problem,
                $"STS rejected the {source}: {failure.Summary} (the session token has expired and nothing refreshes it).", fix);
        }

        if (failure.ErrorKind == StsErrorKind.ClockSkew)
        {
            return new Finding($"{check}.signature-expired", check, Severity.Problem,
                $"STS rejected the request as signed at the wrong time ({failure.Summary}): the local clock is off by more than 5 min (see clock).",
                ClockCheck.SyncFix(context.Host.Platform));
        }

        if (failure.ErrorKind == StsErrorKind.InvalidCredentials)
        {
            return new Finding($"{check}.invalid-token", check, Severity.Problem,
                $"STS does not recognise the {source}: {failure.Summary}",
                "The key was deleted or deactivated, the session token is missing or cut short, the role session was revoked, or a token from the global endpoint is used in an opt-in region: get new credentials (use a regional STS endpoint).");
        }

        if (failure.ErrorKind == StsErrorKind.SignatureMismatch)
        {
            return new Finding($"{check}.signature-mismatch", check, Severity.Problem,
                $"STS rejected the signature of the {source}: {failure.Summary}",
                "The secret access key does not belong to this access key id: copy both again from the same source.");
        }

        return new Finding($"{check}.sts-error", check, Severity.Problem,
            $"STS rejected the {source}: {failure.Summary}",
            failure.ErrorCode is "Throttling" ? "STS is throttling this account: try again in a minute; use regional endpoints and share sessions between processes." : null);
    }
}
