using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing.Imds;

/// <summary>
/// IMDS as SDKs use it for credentials: <c>PUT /latest/api/token</c> (TTL header, 1–21600 s) gives a session token;
/// <c>GET /latest/meta-data/iam/security-credentials/</c> names the role, <c>…/{role}</c> returns the credentials,
/// <c>/latest/meta-data/iam/info</c> the instance profile. A missing token gets 401 unless IMDSv1 is allowed; an
/// unknown or expired one always gets 401. Errors are IMDS's small HTML pages.
/// </summary>
internal sealed class InstanceMetadataEndpoint(Func<DateTimeOffset> now, string accountId) : ServiceEndpoint
{
    public const string TtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    public const string TokenHeader = "X-aws-ec2-metadata-token";
    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private LocalStsInstanceMetadata? _instance;

    public override string Name => LocalStsServices.InstanceMetadata;

    public LocalStsInstanceMetadata? Instance => Volatile.Read(ref _instance);

    /// <summary>SDKs join the endpoint and the path with a slash of their own; tolerate the double one.</summary>
    public static string Normalize(string path) => path.StartsWith("//", StringComparison.Ordinal) ? "/" + path.TrimStart('/') : path;

    public static bool Matches(string path) => Normalize(path).StartsWith("/latest/", StringComparison.Ordinal);

    public bool TrySet(LocalStsInstanceMetadata instance) => Interlocked.CompareExchange(ref _instance, instance, null) is null;

    public override bool RequiresSignature(IncomingRequest request) => false;

    public override ServiceError? Route(IncomingRequest request)
    {
        var path = Normalize(request.RawPath);
        request.Action = path switch
        {
            "/latest/api/token" => LocalStsActions.GetImdsToken,
            CredentialsPath or "/latest/meta-data/iam/security-credentials" => LocalStsActions.GetImdsRoleName,
            _ when path.StartsWith(CredentialsPath, StringComparison.Ordinal) => LocalStsActions.GetImdsCredentials,
            _ => LocalStsActions.GetImdsMetadata,
        };
        var expected = request.Action == LocalStsActions.GetImdsToken ? "PUT" : "GET";
        if (request.Method != expected)
        {
            return new ServiceError(405, "MethodNotAllowed", "405 - Method Not Allowed");
        }

        return Instance is null ? NotFound() : null;
    }

    public override ServiceResult Handle(IncomingRequest request)
    {
        var instance = Instance!;
        var at = now();
        if (request.Action == LocalStsActions.GetImdsToken)
        {
            return IssueToken(request, at);
        }

        var token = request.Header(TokenHeader);
        if (token is null ? !instance.AllowImdsV1 : !(_tokens.TryGetValue(token, out var expires) && at < expires))
        {
            return ServiceResult.Fail(new ServiceError(401, "Unauthorized", "401 - Unauthorized"));
        }

        var path = Normalize(request.RawPath);
        var role = instance.Role.Name;
        switch (request.Action)
        {
            case LocalStsActions.GetImdsRoleName:
                return ServiceResult.Ok("text/plain", Encoding.UTF8.GetBytes(role));
            case LocalStsActions.GetImdsCredentials when path[CredentialsPath.Length..] == role:
                var (session, issuedAt) = instance.Vendor.Current(at);
                return ServiceResult.Ok("text/plain", JsonBody.Of(
                    ("Code", "Success"),
                    ("LastUpdated", LocalStsText.IsoSeconds(issuedAt)),
                    ("Type", "AWS-HMAC"),
                    ("AccessKeyId", session.AccessKeyId),
                    ("SecretAccessKey", session.SecretAccessKey),
                    ("Token", session.SessionToken!),
                    ("Expiration", LocalStsText.IsoSeconds(session.Expiration!.Value))));
            case LocalStsActions.GetImdsMetadata when path == "/latest/meta-data/iam/info":
                return ServiceResult.Ok("text/plain", JsonBody.Of(
                    ("Code", "Success"),
                    ("LastUpdated", LocalStsText.IsoSeconds(instance.Vendor.Current(at).IssuedAt)),
                    ("InstanceProfileArn", $"arn:aws:iam::{accountId}:instance-profile/{role}"),
                    ("InstanceProfileId", "AIPA" + instance.Role.RoleId[4..])));
            default:
                return ServiceResult.Fail(NotFound());
        }
    }

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.Throttling => new(429, "TooManyRequests", "429 - Too Many Requests"),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailable", "503 - Service Unavailable"),
        Problem.BodyTooLarge => new(413, "RequestEntityTooLarge", "413 - Request Entity Too Large"),
        _ => new(500, "InternalServerError", "500 - Internal Server Error"),
    };

    public override async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
    {
        response.ContentType = "text/html";
        var html = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
            + "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
            + $"<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>{error.Message}</title>\n </head>\n <body>\n  <h1>{error.Message}</h1>\n </body>\n</html>\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(html)).ConfigureAwait(false);
    }

    public override void AddRequestIdHeaders(HttpResponse response, string requestId)
    {
        // IMDS sends no request id.
    }

    private ServiceResult IssueToken(IncomingRequest request, DateTimeOffset at)
    {
        if (request.Header("X-Forwarded-For") is not null)
        {
            return ServiceResult.Fail(new ServiceError(403, "Forbidden", "403 - Forbidden"));
        }

        if (!int.TryParse(request.Header(TtlHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 21600)
        {
            return ServiceResult.Fail(new ServiceError(400, "BadRequest", "400 - Bad Request"));
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(40));
        _tokens[token] = at.AddSeconds(ttl);
        return ServiceResult.Ok("text/plain", Encoding.ASCII.GetBytes(token),
            new Dictionary<string, string>(StringComparer.Ordinal) { [TtlHeader] = ttl.ToString(CultureInfo.InvariantCulture) });
    }

    private static ServiceError NotFound() => new(404, "NotFound", "404 - Not Found");
}
