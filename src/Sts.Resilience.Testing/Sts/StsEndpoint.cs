using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sts.Resilience.Testing.WebIdentity;

namespace Sts.Resilience.Testing.Sts;

/// <summary>STS over the query protocol (<c>Version=2011-06-15</c>): AssumeRole, AssumeRoleWithWebIdentity (unsigned), GetCallerIdentity, GetSessionToken.</summary>
internal sealed class StsEndpoint(IdentityStore store, Func<DateTimeOffset> now, TimeSpan minimumSessionDuration, AssumeRoleWithWebIdentityHandler webIdentity) : ServiceEndpoint
{
    private const string Version = "2011-06-15";

    public override string Name => "sts";

    public override ServiceError? Route(IncomingRequest request)
    {
        QueryProtocol.ParseForm(request.RawQuery, request.Parameters);
        var contentType = request.Header("Content-Type") ?? string.Empty;
        if (request.Body.Length > 0 && (request.Method == "POST" || contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            QueryProtocol.ParseForm(Encoding.UTF8.GetString(request.Body), request.Parameters);
        }

        if (!request.Parameters.TryGetValue("Action", out var action) || action.Length == 0)
        {
            return new ServiceError(400, "MissingAction", "Missing Action");
        }

        var version = request.Parameters.GetValueOrDefault("Version");
        if (action is not (LocalStsActions.AssumeRole or LocalStsActions.AssumeRoleWithWebIdentity or LocalStsActions.GetCallerIdentity or LocalStsActions.GetSessionToken)
            || version != Version)
        {
            return new ServiceError(400, "InvalidAction",
                $"Could not find operation {Truncate(action)} for version {(string.IsNullOrEmpty(version) ? "NO_VERSION_SPECIFIED" : Truncate(version))}");
        }

        request.Action = action;
        return null;
    }

    /// <summary>AssumeRoleWithWebIdentity is called without AWS credentials: the JWT is the proof.</summary>
    public override bool RequiresSignature(IncomingRequest request) => request.Action != LocalStsActions.AssumeRoleWithWebIdentity;

    public override ServiceResult Handle(IncomingRequest request) => request.Action switch
    {
        LocalStsActions.AssumeRole => AssumeRole(request),
        LocalStsActions.AssumeRoleWithWebIdentity => webIdentity.Handle(request),
        LocalStsActions.GetSessionToken => GetSessionToken(request),
        _ => GetCallerIdentity(request),
    };

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.MissingAuthentication => new(403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
        Problem.IncompleteSignature => new(400, "IncompleteSignature", detail ?? "The request signature does not conform to AWS standards."),
        Problem.UnknownAccessKey or Problem.InvalidToken => new(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
        Problem.ExpiredToken => new(403, "ExpiredToken", "The security token included in the request is expired"),
        Problem.SignatureMismatch => new(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        { IsSignatureError = true },
        Problem.SignatureExpired or Problem.WrongScope => new(403, "SignatureDoesNotMatch", detail ?? "Signature expired") { IsSignatureError = true },
        Problem.PayloadHashMismatch => new(400, "InvalidRequest", "The provided 'x-amz-content-sha256' header does not match what was computed."),
        Problem.BodyTooLarge => new(413, "RequestEntityTooLarge", detail ?? "Request body too large."),
        Problem.Throttling => new(400, "Throttling", "Rate exceeded"),
        Problem.InternalFailure => new(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
        Problem.IdpCommunicationError => WebIdentityErrors.IdpCommunication(),
        Problem.IdpRejectedClaim => WebIdentityErrors.IdpRejectedClaim(),
        _ => new(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
    };

    public override Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
        => QueryProtocol.WriteErrorAsync(response, error, requestId);

    public override void AddRequestIdHeaders(HttpResponse response, string requestId) => response.Headers["x-amzn-RequestId"] = requestId;

    private ServiceResult GetCallerIdentity(IncomingRequest request)
    {
        var caller = request.Principal!;
        var xml =
            $"    <Arn>{LocalStsText.Xml(caller.Arn)}</Arn>\n" +
            $"    <UserId>{LocalStsText.Xml(caller.UserId)}</UserId>\n" +
            $"    <Account>{store.AccountId}</Account>\n";
        return Ok(LocalStsActions.GetCallerIdentity, xml, request.RequestId);
    }

    private ServiceResult GetSessionToken(IncomingRequest request)
    {
        var caller = request.Principal!;
        var p = request.Parameters;
        var validation = new StsValidation();
        var duration = validation.Integer(p.GetValueOrDefault("DurationSeconds"), "durationSeconds");
        validation.Range(duration, "durationSeconds", MinimumSeconds, LocalStsDefaults.GetSessionTokenMaxSeconds);
        ValidateMfa(validation, p);
        if (validation.HasErrors)
        {
            return ServiceResult.Fail(validation.ToError());
        }

        if (caller.IsTemporary)
        {
            return ServiceResult.Fail(new ServiceError(403, "AccessDenied", "Cannot call GetSessionToken with session credentials"));
        }

        var expiration = WholeSeconds(now()).AddSeconds(duration ?? LocalStsDefaults.GetSessionTokenDefaultSeconds);
        var session = store.IssueSession(PrincipalKind.UserSession, caller.Arn, caller.UserId, caller.PrincipalArn, expiration, null);
        return Ok(LocalStsActions.GetSessionToken, CredentialsXml(session), request.RequestId);
    }

    private ServiceResult AssumeRole(IncomingRequest request)
    {
        var caller = request.Principal!;
        var p = request.Parameters;
        var validation = new StsValidation();

        var (roleArn, sessionName) = validation.RoleAndSessionName(p);

        var duration = validation.Integer(p.GetValueOrDefault("DurationSeconds"), "durationSeconds");
        validation.Range(duration, "durationSeconds", MinimumSeconds, LocalStsDefaults.AssumeRoleMaxSeconds);

        var externalId = p.GetValueOrDefault("ExternalId");
        validation.Length(externalId, "externalId", 2, 1224);
        validation.Pattern(externalId, "externalId", StsValidation.ExternalIdPattern(), StsValidation.ExternalIdPatternText);

        var sourceIdentity = p.GetValueOrDefault("SourceIdentity");
        validation.Length(sourceIdentity, "sourceIdentity", 2, 64);
        validation.Pattern(sourceIdentity, "sourceIdentity", StsValidation.NamePattern(), StsValidation.NamePatternText);

        var policy = p.GetValueOrDefault("Policy");
        validation.Length(policy, "policy", 1, 2048);
        validation.Pattern(policy, "policy", StsValidation.PolicyPattern(), StsValidation.PolicyPatternText);

        var policyArns = Members(p, "PolicyArns.member.", ".arn");
        if (policyArns.Count > 10)
        {
            validation.Add("Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
        }

        for (var i = 0; i < policyArns.Count; i++)
        {
            validation.Length(policyArns[i], $"policyArns.{i + 1}.member.arn", 20, 2048);
        }

        var tagKeys = Members(p, "Tags.member.", ".Key");
        var tagValues = Members(p, "Tags.member.", ".Value");
        if (tagKeys.Count > 50)
        {
            validation.Add("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
        }

        for (var i = 0; i < tagKeys.Count; i++)
        {
            validation.Length(tagKeys[i], $"tags.{i + 1}.member.key", 1, 128);
            validation.Pattern(tagKeys[i], $"tags.{i + 1}.member.key", StsValidation.TagKeyPattern(), StsValidation.TagKeyPatternText);
            var value = i < tagValues.Count ? tagValues[i] : null;
            validation.Required(value, $"tags.{i + 1}.member.value");
            validation.Length(value, $"tags.{i + 1}.member.value", 0, 256);
            validation.Pattern(value, $"tags.{i + 1}.member.value", StsValidation.TagValuePattern(), StsValidation.TagValuePatternText);
        }

        var transitive = Members(p, "TransitiveTagKeys.member.", string.Empty);
        if (transitive.Count > 50)
        {
            validation.Add("Value at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50");
        }

        for (var i = 0; i < transitive.Count; i++)
        {
            validation.Length(transitive[i], $"transitiveTagKeys.{i + 1}.member", 1, 128);
            validation.Pattern(transitive[i], $"transitiveTagKeys.{i + 1}.member", StsValidation.TagKeyPattern(), StsValidation.TagKeyPatternText);
        }

        ValidateMfa(validation, p);
        if (validation.HasErrors)
        {
            return ServiceResult.Fail(validation.ToError());
        }

        if (policy is not null && !IsJson(policy))
        {
            return ServiceResult.Fail(new ServiceError(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format."));
        }

        foreach (var key in transitive)
        {
            if (!tagKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                return ServiceResult.Fail(new ServiceError(400, "InvalidParameterValue", $"The specified transitive tag key must be included in the requested tags: '{key}'."));
            }
        }

        // Trust policy: the role must exist, trust the caller, and get the external id and MFA it requires.
        var role = store.FindRole(roleArn!);
        var denied = new ServiceError(403, "AccessDenied", $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        if (role is null
            || (role.TrustedPrincipals.Count > 0 && !role.TrustedPrincipals.Contains(caller.PrincipalArn, StringComparer.Ordinal))
            || (role.ExternalId is not null && !string.Equals(role.ExternalId, externalId, StringComparison.Ordinal))
            || (role.RequireMfa && (p.GetValueOrDefault("SerialNumber") is null || p.GetValueOrDefault("TokenCode") is null)))
        {
            return ServiceResult.Fail(denied);
        }

        var seconds = duration ?? LocalStsDefaults.AssumeRoleDefaultSeconds;
        if (caller.Kind == PrincipalKind.RoleSession && seconds > LocalStsDefaults.RoleChainingMaxSeconds)
        {
            return ServiceResult.Fail(new ServiceError(400, "ValidationError",
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        }

        if (seconds > role.MaxSessionDuration.TotalSeconds)
        {
            return ServiceResult.Fail(new ServiceError(400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        // A rough stand-in for AWS's packing: session policies and tags share a budget.
        int? packedPercent = null;
        if (policy is not null || policyArns.Count > 0 || tagKeys.Count > 0)
        {
            var packed = (policy?.Length ?? 0) + (policyArns.Sum(a => a.Length) / 2) + (tagKeys.Sum(k => k.Length) + tagValues.Sum(v => v.Length)) * 2;
            packedPercent = Math.Max(1, packed * 100 / 2048);
            if (packedPercent > 100)
            {
                return ServiceResult.Fail(new ServiceError(400, "PackedPolicyTooLarge",
                    $"Packed policy consumes {packedPercent}% of allotted space, please use smaller policy for this request."));
            }
        }

        if (caller.SourceIdentity is not null && sourceIdentity is not null && caller.SourceIdentity != sourceIdentity)
        {
            return ServiceResult.Fail(new ServiceError(400, "InvalidParameterValue", "The source identity cannot be changed once it is set."));
        }

        var effectiveSourceIdentity = sourceIdentity ?? caller.SourceIdentity;
        var expiration = WholeSeconds(now()).AddSeconds(seconds);
        var session = store.IssueSession(
            PrincipalKind.RoleSession,
            $"arn:aws:sts::{store.AccountId}:assumed-role/{role.Name}/{sessionName}",
            $"{role.RoleId}:{sessionName}",
            role.Arn,
            expiration,
            effectiveSourceIdentity);

        var xml = new StringBuilder(CredentialsXml(session));
        xml.Append("    <AssumedRoleUser>\n")
            .Append("      <AssumedRoleId>").Append(LocalStsText.Xml(session.UserId)).Append("</AssumedRoleId>\n")
            .Append("      <Arn>").Append(LocalStsText.Xml(session.Arn)).Append("</Arn>\n")
            .Append("    </AssumedRoleUser>\n");
        if (packedPercent is { } percent)
        {
            xml.Append("    <PackedPolicySize>").Append(percent.ToString(CultureInfo.InvariantCulture)).Append("</PackedPolicySize>\n");
        }

        if (effectiveSourceIdentity is not null)
        {
            xml.Append("    <SourceIdentity>").Append(LocalStsText.Xml(effectiveSourceIdentity)).Append("</SourceIdentity>\n");
        }

        return Ok(LocalStsActions.AssumeRole, xml.ToString(), request.RequestId);
    }

    private int MinimumSeconds => (int)Math.Ceiling(minimumSessionDuration.TotalSeconds);

    private static void ValidateMfa(StsValidation validation, Dictionary<string, string> p)
    {
        var serial = p.GetValueOrDefault("SerialNumber");
        validation.Length(serial, "serialNumber", 9, 256);
        validation.Pattern(serial, "serialNumber", StsValidation.SerialNumberPattern(), @"[\w+=/:,.@-]*");
        var code = p.GetValueOrDefault("TokenCode");
        validation.Length(code, "tokenCode", 6, 6);
        validation.Pattern(code, "tokenCode", StsValidation.TokenCodePattern(), StsValidation.TokenCodePatternText);
    }

    internal static string CredentialsXml(Principal session) =>
        "    <Credentials>\n" +
        $"      <AccessKeyId>{session.AccessKeyId}</AccessKeyId>\n" +
        $"      <SecretAccessKey>{LocalStsText.Xml(session.SecretAccessKey)}</SecretAccessKey>\n" +
        $"      <SessionToken>{LocalStsText.Xml(session.SessionToken)}</SessionToken>\n" +
        $"      <Expiration>{LocalStsText.IsoSeconds(session.Expiration!.Value)}</Expiration>\n" +
        "    </Credentials>\n";

    /// <summary>Reads <c>Prefix1Suffix</c>, <c>Prefix2Suffix</c>, … until one is missing, as the query protocol numbers list members.</summary>
    private static List<string> Members(Dictionary<string, string> p, string prefix, string suffix)
    {
        var list = new List<string>();
        for (var i = 1; p.TryGetValue(prefix + i.ToString(CultureInfo.InvariantCulture) + suffix, out var value); i++)
        {
            list.Add(value);
        }

        return list;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64];

    private static ServiceResult Ok(string action, string resultXml, string requestId)
        => ServiceResult.Ok("text/xml", QueryProtocol.Success(action, resultXml, requestId));
}
