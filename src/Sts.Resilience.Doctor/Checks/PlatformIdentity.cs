using Amazon.SecurityToken.Model;
using Sts.Resilience.Doctor.Cli;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// The identity check for credentials the platform vends: web identity's token goes to STS
/// <c>AssumeRoleWithWebIdentity</c> once (so a provider IAM does not know, an audience it does not accept or a trust
/// policy that does not name the subject shows here, not at the first refresh); the credentials the container endpoint
/// or instance metadata answered with go to <c>GetCallerIdentity</c>.
/// </summary>
internal static class PlatformIdentity
{
    private const string Check = IdentityCheck.CheckName;

    public static async Task<Finding> CheckAsync(DoctorContext context, DefaultChainSource platform, CancellationToken cancellationToken)
    {
        var (name, from) = platform switch
        {
            DefaultChainSource.WebIdentity => (WebIdentityCheck.CheckName, "web identity"),
            DefaultChainSource.Container => (ContainerCheck.CheckName, "the container credentials endpoint"),
            _ => (InstanceMetadataCheck.CheckName, "instance metadata"),
        };
        if (context.Clock?.Unreachable is not null)
        {
            return new Finding("identity.skipped", Check, Severity.Skipped, "Not checked: STS is unreachable (see clock).");
        }

        if (platform != DefaultChainSource.WebIdentity)
        {
            if (context.PlatformCredentials is not { } vended)
            {
                return new Finding("identity.skipped", Check, Severity.Skipped, $"Not checked: {from} gave no credentials (see {name}).");
            }

            var result = await context.Sts.GetCallerIdentityAsync(vended, cancellationToken).ConfigureAwait(false);
            return result.Succeeded
                ? new Finding("identity.ok", Check, Severity.Ok, $"{result.Value!.Arn} (account {result.Value.Account}), credentials from {from}.")
                : IdentityCheck.Decode(context, result.Failure!, $"credentials from {from}", Check);
        }

        var host = context.Host;
        var roleArn = host.GetVariable(WebIdentityVariables.RoleArn);
        var file = host.GetVariable(WebIdentityVariables.TokenFile);
        string token;
        try
        {
            token = file is null ? "" : (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            token = "";
        }

        if (token.Length == 0 || roleArn is null || !DoctorArguments.RoleArnPattern().IsMatch(roleArn) || JwtClaims.Parse(token) is null)
        {
            return new Finding("identity.skipped", Check, Severity.Skipped, $"Not checked: the token or the role cannot be used (see {name}).");
        }

        var exchange = await context.Sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = roleArn,
            RoleSessionName = host.GetVariable(WebIdentityVariables.SessionName) ?? "sts-doctor",
            WebIdentityToken = token,
            DurationSeconds = 900,
        }, cancellationToken).ConfigureAwait(false);
        if (exchange.Succeeded)
        {
            return new Finding("identity.ok", Check, Severity.Ok,
                $"{exchange.Value!.AssumedRoleUser?.Arn}: STS accepted the web identity token for {roleArn} (AssumeRoleWithWebIdentity).");
        }

        var failure = exchange.Failure!;
        return failure.ErrorCode switch
        {
            "ExpiredTokenException" => new Finding("identity.web-identity-token-expired", Check, Severity.Problem,
                $"STS rejected the web identity token as expired ({failure.Summary}).",
                "The JWT in the token file has expired: whatever writes the file has stopped (see web-identity)."),
            "InvalidIdentityToken" or "IDPRejectedClaim" => new Finding("identity.web-identity-token-rejected", Check, Severity.Problem,
                $"STS does not accept the web identity token: {failure.Summary}",
                "Check that IAM has an OIDC identity provider for the token's iss (on EKS: the cluster's OIDC provider) and that the token's aud is one of its client ids (sts.amazonaws.com)."),
            "AccessDenied" => new Finding("identity.web-identity-access-denied", Check, Severity.Problem,
                $"STS refused to let the token assume {roleArn}: {failure.Summary}",
                "The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the provider, with conditions matching the token's sub (on EKS: system:serviceaccount:NAMESPACE:NAME) and aud."),
            "IDPCommunicationError" => new Finding("identity.web-identity-idp-unreachable", Check, Severity.Warning,
                $"STS could not reach the token's identity provider: {failure.Summary}",
                "Usually transient: the credentials retry later. If it lasts, check the provider's OIDC discovery endpoint is reachable from AWS."),
            _ => IdentityCheck.Decode(context, failure, "web identity token", Check),
        };
    }
}
