using System.Text;
using Microsoft.AspNetCore.Http;
using Sts.Resilience.Testing.Internal;

namespace Sts.Resilience.Testing.ExecuteApi;

/// <summary>
/// An API Gateway API with IAM authorization (SigV4 service name <c>execute-api</c>): every method and path is one
/// resource that echoes the method and path as JSON. Rejections are API Gateway's: 403 (or 429, 5xx) with a JSON body
/// <c>{"message": "…"}</c> and the error code in the <c>x-amzn-ErrorType</c> header.
/// </summary>
internal sealed class ExecuteApiEndpoint : ServiceEndpoint
{
    /// <summary>The header API Gateway names its error in.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public override string Name => "execute-api";

    public override ServiceError? Route(IncomingRequest request)
    {
        request.Action = LocalStsActions.ExecuteApi;
        return null;
    }

    public override ServiceResult Handle(IncomingRequest request)
    {
        var json = JsonBytes.Object(new Dictionary<string, object?>
        {
            ["method"] = request.Method,
            ["path"] = Uri.UnescapeDataString(request.RawPath),
            ["caller"] = request.Principal?.Arn,
            ["bodyLength"] = request.Payload.Length,
        });
        return ServiceResult.Ok("application/json", json);
    }

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.MissingAuthentication => new(403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
        Problem.IncompleteSignature => new(403, "IncompleteSignatureException", detail ?? "The request signature does not conform to AWS standards."),
        Problem.UnknownAccessKey or Problem.InvalidToken => new(403, "UnrecognizedClientException", "The security token included in the request is invalid."),
        Problem.ExpiredToken => new(403, "ExpiredTokenException", "The security token included in the request is expired"),
        Problem.SignatureMismatch or Problem.PayloadHashMismatch => new(403, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        { IsSignatureError = true },
        Problem.SignatureExpired or Problem.WrongScope => new(403, "InvalidSignatureException", detail ?? "Signature expired") { IsSignatureError = true },
        Problem.BodyTooLarge => new(413, "RequestTooLongException", "Request Too Long"),
        Problem.Throttling => new(429, "TooManyRequestsException", "Too Many Requests"),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailableException", "Service Unavailable"),
        _ => new(500, "InternalServerErrorException", "Internal server error"),
    };

    public override ServiceError PresignedUrlExpired(PresignedExpiry expiry)
        => new(403, "InvalidSignatureException", $"Signature expired: {expiry.AmzDate} is now earlier than {LocalStsText.AmzDate(expiry.ServerTime - expiry.Expires)} ({LocalStsText.AmzDate(expiry.ServerTime)} - {expiry.ExpiresText} sec.)")
        { IsSignatureError = true };

    public override async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
    {
        response.Headers[ErrorTypeHeader] = error.Code;
        response.ContentType = "application/json";
        if (isHead)
        {
            return;
        }

        var json = JsonBytes.Object([new("message", error.Message)]);
        await response.Body.WriteAsync(json).ConfigureAwait(false);
    }

    public override void AddRequestIdHeaders(HttpResponse response, string requestId)
    {
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amz-apigw-id"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(requestId[..Math.Min(12, requestId.Length)]));
    }
}
