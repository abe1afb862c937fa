using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing.S3;

/// <summary>
/// S3 over REST-XML, path style: ListBuckets, PutObject, GetObject, HeadObject on an in-memory store. A bucket
/// exists once an object has been put into it. Its job is to accept valid credentials and reject the others the
/// way S3 does.
/// </summary>
internal sealed class S3Endpoint(Func<DateTimeOffset> now, string accountId) : ServiceEndpoint
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Bucket, string Key), (byte[] Data, string ETag)> _objects = new();

    public override string Name => "s3";

    public override bool SignsRawPath => true;

    public override ServiceError? Route(IncomingRequest request)
    {
        var path = request.RawPath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var hasKey = slash > 0 && slash < path.Length - 1;
        request.Action = (request.Method, path.Length == 0, hasKey) switch
        {
            ("GET", true, _) => LocalStsActions.ListBuckets,
            ("PUT", false, true) => LocalStsActions.PutObject,
            ("GET", false, true) => LocalStsActions.GetObject,
            ("HEAD", false, true) => LocalStsActions.HeadObject,
            _ => LocalStsActions.Unknown,
        };
        return request.Action == LocalStsActions.Unknown
            ? new ServiceError(501, "NotImplemented", "A header you provided implies functionality that is not implemented")
            : null;
    }

    public override ServiceResult Handle(IncomingRequest request)
    {
        if (request.Action == LocalStsActions.ListBuckets)
        {
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .Append("<ListAllMyBucketsResult xmlns=\"").Append(Namespace).Append("\"><Owner><ID>")
                .Append(accountId).Append("</ID><DisplayName>localsts</DisplayName></Owner><Buckets>");
            foreach (var bucket in _buckets.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                xml.Append("<Bucket><Name>").Append(LocalStsText.Xml(bucket.Key)).Append("</Name><CreationDate>")
                    .Append(LocalStsText.IsoMillis(bucket.Value)).Append("</CreationDate></Bucket>");
            }

            xml.Append("</Buckets></ListAllMyBucketsResult>");
            return ServiceResult.Ok("application/xml", Encoding.UTF8.GetBytes(xml.ToString()));
        }

        var path = request.RawPath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucketName = Uri.UnescapeDataString(path[..slash]);
        var key = Uri.UnescapeDataString(path[(slash + 1)..]);
        if (request.Action == LocalStsActions.PutObject)
        {
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of the content; it is an identifier here, not security.
            var etag = "\"" + Convert.ToHexString(MD5.HashData(request.Payload)).ToLowerInvariant() + "\"";
#pragma warning restore CA5351
            _buckets.TryAdd(bucketName, now());
            _objects[(bucketName, key)] = (request.Payload, etag);
            return ServiceResult.Ok("application/xml", [], new Dictionary<string, string> { ["ETag"] = etag });
        }

        if (!_objects.TryGetValue((bucketName, key), out var stored))
        {
            return ServiceResult.Fail(new ServiceError(404, "NoSuchKey", "The specified key does not exist."));
        }

        var headers = new Dictionary<string, string> { ["ETag"] = stored.ETag };
        return request.Action == LocalStsActions.HeadObject
            ? new ServiceResult(null, "application/octet-stream", [], headers) { ContentLength = stored.Data.Length }
            : ServiceResult.Ok("application/octet-stream", stored.Data, headers);
    }

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.MissingAuthentication => new(403, "AccessDenied", "Access Denied"),
        Problem.IncompleteSignature => new(400, "AuthorizationHeaderMalformed", detail ?? "The authorization header is malformed."),
        Problem.UnknownAccessKey => new(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."),
        Problem.InvalidToken => new(400, "InvalidToken", "The provided token is malformed or otherwise invalid."),
        Problem.ExpiredToken => new(400, "ExpiredToken", "The provided token has expired."),
        Problem.SignatureMismatch => new(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
        { IsSignatureError = true },
        Problem.SignatureExpired => new(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.") { IsSignatureError = true },
        Problem.WrongScope => new(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + (detail ?? "the credential scope is wrong.")),
        Problem.PayloadHashMismatch => new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."),
        Problem.BodyTooLarge => new(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"),
        Problem.Throttling => new(503, "SlowDown", "Please reduce your request rate."),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailable", "Please reduce your request rate."),
        _ => new(500, "InternalError", "We encountered an internal error. Please try again."),
    };

    public override ServiceError PresignedUrlExpired(PresignedExpiry expiry) => new(403, "AccessDenied", "Request has expired")
    {
        Details =
        [
            new("X-Amz-Expires", expiry.ExpiresText),
            new("Expires", LocalStsText.IsoSeconds(expiry.ExpiresAt)),
            new("ServerTime", LocalStsText.IsoSeconds(expiry.ServerTime)),
        ],
    };

    public override ServiceError PresignedQueryMalformed(string detail) => new(400, "AuthorizationQueryParametersError", detail);

    public override ServiceError WrongRegion(string region, string expected)
        => ErrorFor(Problem.WrongScope, $"the region '{region}' is wrong; expecting '{expected}'");

    public override async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
    {
        if (isHead)
        {
            // S3 answers HEAD errors with a status and no body: SDKs see only the status.
            return;
        }

        response.ContentType = "application/xml";
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            $"<Error><Code>{LocalStsText.Xml(error.Code)}</Code><Message>{LocalStsText.Xml(error.Message)}</Message>" +
            string.Concat((error.Details ?? []).Select(d => $"<{d.Key}>{LocalStsText.Xml(d.Value)}</{d.Key}>")) +
            $"<RequestId>{requestId}</RequestId><HostId>{HostId(requestId)}</HostId></Error>";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml)).ConfigureAwait(false);
    }

    public override void AddRequestIdHeaders(HttpResponse response, string requestId)
    {
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = HostId(requestId);
    }

    private static string HostId(string requestId) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
