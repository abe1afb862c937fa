using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing.Container;

/// <summary>
/// The container credentials endpoint: <c>GET /v2/credentials/{id}</c> with an <c>Authorization</c> header answers
/// <c>{"AccessKeyId","SecretAccessKey","Token","Expiration","RoleArn","AccountId"}</c>; errors are <c>{"code","message"}</c>.
/// </summary>
internal sealed class ContainerCredentialsEndpoint(Func<DateTimeOffset> now, string accountId) : ServiceEndpoint
{
    public const string PathPrefix = "/v2/credentials/";

    private readonly ConcurrentDictionary<string, LocalStsContainerCredentials> _endpoints = new(StringComparer.Ordinal);

    public override string Name => LocalStsServices.ContainerCredentials;

    public static bool Matches(string path) => path.StartsWith(PathPrefix, StringComparison.Ordinal);

    public void Add(LocalStsContainerCredentials endpoint) => _endpoints[endpoint.Id] = endpoint;

    public override bool RequiresSignature(IncomingRequest request) => false;

    public override ServiceError? Route(IncomingRequest request)
    {
        request.Action = LocalStsActions.GetContainerCredentials;
        if (!HttpMethods.IsGet(request.Method))
        {
            return new ServiceError(405, "MethodNotAllowed", $"Method {request.Method} is not allowed; use GET.");
        }

        return _endpoints.ContainsKey(request.RawPath[PathPrefix.Length..]) ? null
            : new ServiceError(404, "NotFound", "No credentials are registered under this path.");
    }

    public override ServiceResult Handle(IncomingRequest request)
    {
        var endpoint = _endpoints[request.RawPath[PathPrefix.Length..]];
        var authorization = request.Header("Authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            return ServiceResult.Fail(new ServiceError(401, "Unauthorized", "The Authorization header is missing."));
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization), Encoding.UTF8.GetBytes(endpoint.AuthorizationToken)))
        {
            return ServiceResult.Fail(new ServiceError(403, "AccessDenied", "The Authorization header does not match the authorization token."));
        }

        var (session, _) = endpoint.Vendor.Current(now());
        return ServiceResult.Ok("application/json", JsonBody.Of(
            ("AccessKeyId", session.AccessKeyId),
            ("SecretAccessKey", session.SecretAccessKey),
            ("Token", session.SessionToken!),
            ("Expiration", LocalStsText.IsoSeconds(session.Expiration!.Value)),
            ("RoleArn", endpoint.Role.Arn),
            ("AccountId", accountId)));
    }

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.Throttling => new(429, "TooManyRequests", "Rate exceeded"),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailable", "The credentials endpoint is unavailable."),
        Problem.BodyTooLarge => new(413, "RequestEntityTooLarge", detail ?? "Request body too large."),
        _ => new(500, "InternalServerError", "The credentials endpoint failed."),
    };

    public override async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
    {
        response.ContentType = "application/json";
        await response.Body.WriteAsync(JsonBody.Of(("code", error.Code), ("message", error.Message))).ConfigureAwait(false);
    }

    public override void AddRequestIdHeaders(HttpResponse response, string requestId)
    {
        // The ECS agent and the EKS Pod Identity agent send no request id.
    }
}
