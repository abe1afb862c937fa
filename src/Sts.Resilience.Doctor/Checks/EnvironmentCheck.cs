using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Which credential variables are set, whether they are temporary (and so never refresh), whether they hide
/// <c>AWS_PROFILE</c>, and whether they have expired — by <c>AWS_CREDENTIAL_EXPIRATION</c> or by STS's answer to
/// the identity check (so it runs after that check). Values are never printed; the key id only as its last four characters.
/// </summary>
internal sealed class EnvironmentCheck : IDoctorCheck
{
    internal static readonly string[] CredentialVariables =
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"];

    private const string RefreshingAlternative =
        "Use a profile with role_arn + source_profile instead: the AWS CLI and SDKs refresh it before it expires.";

    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "environment";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var host = context.Host;
        var findings = new List<Finding>();
        var keyId = host.GetVariable("AWS_ACCESS_KEY_ID");
        var secret = host.GetVariable("AWS_SECRET_ACCESS_KEY");
        var sessionToken = host.GetVariable("AWS_SESSION_TOKEN");
        var securityToken = host.GetVariable("AWS_SECURITY_TOKEN");
        var token = sessionToken ?? securityToken;
        var profile = host.GetVariable("AWS_PROFILE");
        var setVariables = CredentialVariables.Where(v => host.GetVariable(v) is not null).ToList();
        var unset = $"Run ({ShellCommands.DisplayName(context.Shell)}): {ShellCommands.Unset(context.Shell, setVariables)}";

        if (keyId is null && secret is null)
        {
            if (token is not null)
            {
                findings.Add(Problem("environment.orphan-session-token",
                    $"{(sessionToken is not null ? "AWS_SESSION_TOKEN" : "AWS_SECURITY_TOKEN")} is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: a leftover from pasted credentials.",
                    unset));
            }
            else if (profile is not null)
            {
                findings.Add(Ok("environment.profile", $"No credential variables are set; AWS_PROFILE selects profile '{profile}'."));
            }
            else
            {
                findings.Add(Ok("environment.clean", "No credential variables are set (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)."));
            }

            return Task.FromResult<IReadOnlyList<Finding>>(findings);
        }

        if (keyId is null || secret is null)
        {
            findings.Add(Problem("environment.incomplete-keys",
                $"{(keyId is null ? "AWS_SECRET_ACCESS_KEY" : $"AWS_ACCESS_KEY_ID ({Text.KeyId(keyId)})")} is set without {(keyId is null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")}: the SDKs ignore half a key pair or fail on it.",
                unset));
            return Task.FromResult<IReadOnlyList<Finding>>(findings);
        }

        var temporary = token is not null || keyId.StartsWith("ASIA", StringComparison.Ordinal);
        var variables = string.Join(", ", setVariables.Where(v => v != "AWS_CREDENTIAL_EXPIRATION"));

        if (sessionToken is not null && securityToken is not null && !string.Equals(sessionToken, securityToken, StringComparison.Ordinal))
        {
            findings.Add(Warning("environment.token-mismatch",
                "AWS_SESSION_TOKEN and the legacy AWS_SECURITY_TOKEN hold different tokens: tools that read the legacy name send the wrong one.",
                $"Run ({ShellCommands.DisplayName(context.Shell)}): {ShellCommands.Unset(context.Shell, ["AWS_SECURITY_TOKEN"])}"));
        }
        else if (sessionToken is null && securityToken is not null)
        {
            findings.Add(Warning("environment.legacy-token-only",
                "Only the legacy AWS_SECURITY_TOKEN holds the session token; current SDKs read AWS_SESSION_TOKEN.",
                "Set AWS_SESSION_TOKEN instead of AWS_SECURITY_TOKEN (better: use a profile with role_arn + source_profile)."));
        }

        if (keyId.StartsWith("ASIA", StringComparison.Ordinal) && token is null)
        {
            findings.Add(Problem("environment.missing-session-token",
                $"AWS_ACCESS_KEY_ID ({Text.KeyId(keyId)}) is a temporary key but AWS_SESSION_TOKEN is not set: STS answers InvalidClientTokenId.",
                unset + "\n" + RefreshingAlternative));
        }
        else if (keyId.StartsWith("AKIA", StringComparison.Ordinal) && token is not null)
        {
            findings.Add(Warning("environment.token-with-long-term-key",
                $"A session token is set next to the long-term key {Text.KeyId(keyId)}: a session token belongs to an ASIA key, so one of them is stale.",
                unset));
        }

        var expiry = host.GetVariable("AWS_CREDENTIAL_EXPIRATION");
        DateTimeOffset? expiresAt = null;
        if (expiry is not null)
        {
            if (Text.TryParseTime(expiry, out var parsed))
            {
                expiresAt = parsed;
            }
            else
            {
                findings.Add(Warning("environment.bad-expiration",
                    "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time, so no tool can tell when these credentials expire.",
                    unset));
            }
        }

        var now = host.Time.GetUtcNow();
        var rejectedAsExpired = context.Credentials.FromEnvironment && context.Identity?.Expired == true;
        var lambda = LambdaAdvice.IsLambda(host);
        if (lambda && temporary && (expiresAt <= now || rejectedAsExpired))
        {
            findings.Add(Problem("environment.lambda-expired",
                $"The Lambda execution role session {Text.KeyId(keyId)} in {variables} {(expiresAt <= now ? Text.Relative(expiresAt.Value, now) : "was rejected by STS as expired (ExpiredToken)")}.",
                LambdaAdvice.ExpiredFix));
        }
        else if (lambda && temporary)
        {
            findings.Add(Ok("environment.lambda",
                $"Temporary credentials {Text.KeyId(keyId)} in {variables}. {LambdaAdvice.WhyTheVariables}"));
        }
        else if (temporary && (expiresAt <= now || rejectedAsExpired))
        {
            var when = expiresAt <= now
                ? Text.Relative(expiresAt.Value, now)
                : "STS rejected them as expired (ExpiredToken)";
            findings.Add(Problem("environment.expired",
                $"Temporary credentials {Text.KeyId(keyId)} in {variables} {when}; environment variables never refresh.",
                unset + "\n" + "Then remove them where they are set (shell profile, .env file, IDE run settings). " + RefreshingAlternative));
        }
        else if (temporary)
        {
            var when = expiresAt is { } at ? Text.Relative(at, now) : "expiry unknown (AWS_CREDENTIAL_EXPIRATION is not set)";
            findings.Add(Warning("environment.temporary-keys",
                $"Temporary credentials {Text.KeyId(keyId)} in {variables}, {when}: they never refresh, so every process started from here fails once they expire.",
                RefreshingAlternative + "\n" + unset));
        }
        else
        {
            findings.Add(Ok("environment.long-term-keys",
                $"Long-term access key {Text.KeyId(keyId)} in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (does not expire)."));
        }

        if (profile is not null && context.Options.Profile is null)
        {
            findings.Add(Warning("environment.keys-shadow-profile",
                $"AWS_PROFILE={profile} is ignored: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY win over AWS_PROFILE in the AWS CLI and SDKs.",
                lambda ? "Remove AWS_PROFILE from the function's environment. " + LambdaAdvice.WhyTheVariables : unset));
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static Finding Ok(string id, string message) => new(id, CheckName, Severity.Ok, message);

    private static Finding Warning(string id, string message, string fix) => new(id, CheckName, Severity.Warning, message, fix);

    private static Finding Problem(string id, string message, string fix) => new(id, CheckName, Severity.Problem, message, fix);
}
