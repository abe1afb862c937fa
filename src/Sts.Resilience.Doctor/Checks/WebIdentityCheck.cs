using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Web identity (EKS IRSA, GitHub Actions OIDC): <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> exists and is readable, its JWT's
/// <c>exp</c> (expired, or expiring before the next refresh) with its <c>iss</c> and <c>aud</c>, and <c>AWS_ROLE_ARN</c>
/// is a role ARN. The token is never printed, not even in part.
/// </summary>
internal sealed class WebIdentityCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "web-identity";

    /// <summary>
    /// A token with less than this left may expire before the credentials' next refresh: the library refreshes 15 min
    /// before expiry, and EKS rewrites its 24-hour tokens when 80 % of the lifetime has passed.
    /// </summary>
    internal static readonly TimeSpan ExpiringSoon = TimeSpan.FromMinutes(15);

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var host = context.Host;
        var file = host.GetVariable(WebIdentityVariables.TokenFile);
        var roleArn = host.GetVariable(WebIdentityVariables.RoleArn);
        if (file is null && roleArn is null)
        {
            return [Finding(Severity.Ok, "web-identity.not-configured", $"Not configured ({WebIdentityVariables.TokenFile} and {WebIdentityVariables.RoleArn} are not set).")];
        }

        var findings = new List<Finding>();
        if (roleArn is null)
        {
            findings.Add(Finding(Severity.Problem, "web-identity.no-role-arn",
                $"{WebIdentityVariables.TokenFile} is set without {WebIdentityVariables.RoleArn}: the SDKs skip web identity without a role to assume.",
                $"Set {WebIdentityVariables.RoleArn} to the role the token may assume (on EKS: annotate the service account with eks.amazonaws.com/role-arn)."));
        }
        else if (!DoctorArguments.RoleArnPattern().IsMatch(roleArn))
        {
            findings.Add(Finding(Severity.Problem, "web-identity.bad-role-arn",
                $"{WebIdentityVariables.RoleArn} is not a role ARN: '{roleArn}'.",
                "Expected arn:aws:iam::123456789012:role/NAME (check the eks.amazonaws.com/role-arn annotation)."));
        }

        if (file is null)
        {
            findings.Add(Finding(Severity.Problem, "web-identity.no-token-file",
                $"{WebIdentityVariables.RoleArn} is set without {WebIdentityVariables.TokenFile}: there is no token to exchange for credentials.",
                $"Set {WebIdentityVariables.TokenFile} to the projected token's path (EKS: /var/run/secrets/eks.amazonaws.com/serviceaccount/token)."));
            return findings;
        }

        string token;
        try
        {
            token = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({ex.GetType().Name})";
            findings.Add(Finding(Severity.Problem, "web-identity.token-unreadable",
                $"The token file in {WebIdentityVariables.TokenFile} {reason}: every refresh fails.",
                "Check the projected volume is mounted into this container and readable by this user (securityContext.fsGroup on EKS).") with { File = file });
            return findings;
        }

        var claims = JwtClaims.Parse(token);
        if (claims is null)
        {
            findings.Add(Finding(Severity.Problem, "web-identity.not-a-jwt",
                $"The token file in {WebIdentityVariables.TokenFile} does not hold a JWT (header.payload.signature): STS answers InvalidIdentityToken.",
                "Point the variable at the token the platform writes, not at a file you wrote.") with { File = file });
            return findings;
        }

        var claimsText = $"iss {claims.Issuer ?? "(none)"}, aud {(claims.Audiences.Count == 0 ? "(none)" : string.Join(", ", claims.Audiences))}";
        var now = host.Time.GetUtcNow();
        if (claims.Expires is not { } expires)
        {
            findings.Add(Finding(Severity.Problem, "web-identity.no-exp",
                $"The token has no exp claim ({claimsText}): STS refuses tokens without one.", "Use the token the OIDC provider issues.") with { File = file });
        }
        else if (expires <= now)
        {
            findings.Add(Finding(Severity.Problem, "web-identity.token-expired",
                $"The token {Text.Relative(expires, now)} ({claimsText}): STS answers ExpiredTokenException until the file is rewritten.",
                "Whatever writes the file has stopped: on EKS check the kubelet and the projected volume (it rewrites the token at 80 % of its lifetime); elsewhere, write a fresh token before each refresh or use a token callback (RefreshingWebIdentityCredentialsOptions.WebIdentityTokenProvider).") with { File = file });
        }
        else if (expires - now < ExpiringSoon)
        {
            findings.Add(Finding(Severity.Warning, "web-identity.token-expiring",
                $"The token {Text.Relative(expires, now)} ({claimsText}): a refresh after that fails unless the file is rewritten first.",
                "Make sure something rewrites the file before it expires (EKS does at 80 % of the lifetime); short-lived CI tokens cover one job only.") with { File = file });
        }
        else
        {
            findings.Add(Finding(Severity.Ok, "web-identity.ok",
                $"Token file readable; the token {Text.Relative(expires, now)} ({claimsText}); role {roleArn ?? "(not set)"}.") with { File = file });
        }

        return findings;
    }

    private static Finding Finding(Severity severity, string id, string message, string? fix = null) => new(id, CheckName, severity, message, fix);
}
