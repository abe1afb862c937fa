using System.Collections.Concurrent;
using System.Text;
using Sts.Resilience.Testing.Sts;

namespace Sts.Resilience.Testing.WebIdentity;

/// <summary>
/// STS <c>AssumeRoleWithWebIdentity</c> (unsigned, query protocol): validates the parameters, verifies the JWT
/// with <see cref="WebIdentityTokens"/>, checks that the role trusts the token's subject and issues a role session.
/// </summary>
internal sealed class AssumeRoleWithWebIdentityHandler(IdentityStore store, WebIdentityTokens tokens, Func<DateTimeOffset> now, TimeSpan minimumSessionDuration)
{
    /// <summary>The client ids (audiences) registered with LocalSts's OIDC provider.</summary>
    private readonly ConcurrentDictionary<string, byte> _audiences = new(StringComparer.Ordinal);

    /// <summary>Role ARN and subject pairs the roles' trust policies allow.</summary>
    private readonly ConcurrentDictionary<(string RoleArn, string Subject), byte> _trust = new();

    public string Issuer => tokens.Issuer;

    public string CreateToken(LocalStsRole role, TimeSpan lifetime, string subject, string audience)
    {
        _audiences.TryAdd(audience, 0);
        _trust.TryAdd((role.Arn, subject), 0);
        var issuedAt = now();
        return tokens.Create(subject, audience, issuedAt, issuedAt + lifetime);
    }

    public ServiceResult Handle(IncomingRequest request)
    {
        var p = request.Parameters;
        var validation = new StsValidation();
        var (roleArn, sessionName) = validation.RoleAndSessionName(p);
        var token = p.GetValueOrDefault("WebIdentityToken");
        validation.Required(token, "webIdentityToken");
        validation.Length(token, "webIdentityToken", 4, 20000);
        var providerId = p.GetValueOrDefault("ProviderId");
        validation.Length(providerId, "providerId", 4, 2048);
        var duration = validation.Integer(p.GetValueOrDefault("DurationSeconds"), "durationSeconds");
        validation.Range(duration, "durationSeconds", (int)Math.Ceiling(minimumSessionDuration.TotalSeconds), LocalStsDefaults.AssumeRoleMaxSeconds);
        var policy = p.GetValueOrDefault("Policy");
        validation.Length(policy, "policy", 1, 2048);
        validation.Pattern(policy, "policy", StsValidation.PolicyPattern(), StsValidation.PolicyPatternText);
        if (validation.HasErrors)
        {
            return ServiceResult.Fail(validation.ToError());
        }

        var issuedAt = now();
        var verdict = tokens.Verify(token!, issuedAt);
        if (verdict.Error is { } invalid)
        {
            return ServiceResult.Fail(invalid);
        }

        var audience = verdict.Audiences.FirstOrDefault(a => _audiences.ContainsKey(a));
        if (audience is null)
        {
            return ServiceResult.Fail(WebIdentityErrors.IncorrectAudience());
        }

        var role = store.FindRole(roleArn!);
        if (role is null || !_trust.ContainsKey((role.Arn, verdict.Subject)))
        {
            return ServiceResult.Fail(WebIdentityErrors.NotAuthorized());
        }

        var seconds = duration ?? LocalStsDefaults.AssumeRoleDefaultSeconds;
        if (seconds > role.MaxSessionDuration.TotalSeconds)
        {
            return ServiceResult.Fail(new ServiceError(400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        var session = store.IssueSession(
            PrincipalKind.RoleSession,
            $"arn:aws:sts::{store.AccountId}:assumed-role/{role.Name}/{sessionName}",
            $"{role.RoleId}:{sessionName}",
            role.Arn,
            StsEndpoint.WholeSeconds(issuedAt).AddSeconds(seconds),
            null);

        var provider = $"arn:aws:iam::{store.AccountId}:oidc-provider/{verdict.Issuer[(verdict.Issuer.IndexOf("://", StringComparison.Ordinal) + 3)..]}";
        var xml = new StringBuilder()
            .Append("    <SubjectFromWebIdentityToken>").Append(LocalStsText.Xml(verdict.Subject)).Append("</SubjectFromWebIdentityToken>\n")
            .Append("    <Audience>").Append(LocalStsText.Xml(audience)).Append("</Audience>\n")
            .Append("    <AssumedRoleUser>\n")
            .Append("      <AssumedRoleId>").Append(LocalStsText.Xml(session.UserId)).Append("</AssumedRoleId>\n")
            .Append("      <Arn>").Append(LocalStsText.Xml(session.Arn)).Append("</Arn>\n")
            .Append("    </AssumedRoleUser>\n")
            .Append(StsEndpoint.CredentialsXml(session))
            .Append("    <Provider>").Append(LocalStsText.Xml(provider)).Append("</Provider>\n");
        return ServiceResult.Ok("text/xml", QueryProtocol.Success(LocalStsActions.AssumeRoleWithWebIdentity, xml.ToString(), request.RequestId));
    }
}
