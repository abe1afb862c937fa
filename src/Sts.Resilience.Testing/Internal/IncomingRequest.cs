using Microsoft.AspNetCore.Http;
using Sts.Resilience.Testing.SigV4;

namespace Sts.Resilience.Testing;

/// <summary>A request on its way through the server: what arrived, and what has been learned about it.</summary>
internal sealed class IncomingRequest
{
    public IncomingRequest(HttpContext http, string requestId, byte[] body, string rawPath, string rawQuery)
    {
        Http = http;
        RequestId = requestId;
        Body = body;
        Payload = body;
        RawPath = rawPath;
        RawQuery = rawQuery;
    }

    public HttpContext Http { get; }

    public string RequestId { get; }

    /// <summary>The body as sent (for S3 streaming uploads, still aws-chunked).</summary>
    public byte[] Body { get; }

    /// <summary>The content: <see cref="Body"/>, or the decoded chunks of an aws-chunked upload.</summary>
    public byte[] Payload { get; set; }

    /// <summary>The path exactly as on the request line, still percent-encoded.</summary>
    public string RawPath { get; }

    /// <summary>The query string as sent, without '?'.</summary>
    public string RawQuery { get; }

    public string Method => Http.Request.Method;

    public AuthorizationHeader? Authorization { get; set; }

    public Principal? Principal { get; set; }

    public string? AmzDate { get; set; }

    public string Action { get; set; } = LocalStsActions.Unknown;

    /// <summary>Query protocol parameters (query string and form body together).</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    public string? Header(string name)
    {
        var values = Http.Request.Headers[name];
        return values.Count == 0 ? null : values.ToString();
    }
}

/// <summary>What a service answers: a body, or an error in its own protocol.</summary>
internal sealed record ServiceResult(ServiceError? Error, string? ContentType = null, byte[]? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>For HEAD: the length of the content that is not sent.</summary>
    public long? ContentLength { get; init; }

    public static ServiceResult Ok(string contentType, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
        => new(null, contentType, body, headers);

    public static ServiceResult Fail(ServiceError error) => new(error);
}
