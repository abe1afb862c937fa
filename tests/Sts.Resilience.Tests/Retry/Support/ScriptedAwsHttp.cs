using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace Sts.Resilience.Tests.Retry.Support;

/// <summary>One request as the fake service saw it.</summary>
internal sealed record SeenRequest(string Method, string Path, string? AccessKeyId, string? SecurityToken, string? Attempt, string Body);

/// <summary>One scripted answer.</summary>
internal sealed record ScriptedResponse(HttpStatusCode Status, string ContentType, string Body, TimeSpan DateOffset = default)
{
    public static ScriptedResponse Xml(HttpStatusCode status, string body, TimeSpan dateOffset = default) => new(status, "text/xml", body, dateOffset);

    public static ScriptedResponse Json(HttpStatusCode status, string body) => new(status, "application/x-amz-json-1.0", body);

    public static ScriptedResponse StsError(string code, HttpStatusCode status = HttpStatusCode.Forbidden, TimeSpan dateOffset = default) => Xml(
        status,
        $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>scripted {code}</Message></Error><RequestId>req-{code}</RequestId></ErrorResponse>",
        dateOffset);

    public static ScriptedResponse CallerIdentity() => Xml(
        HttpStatusCode.OK,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
        + "<Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn><UserId>AROAEXAMPLE:session</UserId><Account>123456789012</Account>"
        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata></GetCallerIdentityResponse>");

    public static ScriptedResponse S3Error(string code) => Xml(
        HttpStatusCode.BadRequest,
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>The provided token has expired.</Message><RequestId>req-s3</RequestId></Error>");

    public static ScriptedResponse S3Ok() => new(HttpStatusCode.OK, "text/xml", string.Empty);

    public static ScriptedResponse DynamoError(string code) => Json(
        HttpStatusCode.BadRequest,
        "{\"__type\":\"com.amazon.coral.service#" + code + "\",\"message\":\"The security token included in the request is expired\"}");

    public static ScriptedResponse DynamoTables() => Json(HttpStatusCode.OK, "{\"TableNames\":[\"t1\"]}");
}

/// <summary>
/// An in-process stand-in for an AWS endpoint: the real SDK pipeline (marshalling, signing, retry, unmarshalling)
/// runs, only the HTTP exchange is scripted. Records the access key id each request was signed with.
/// </summary>
internal sealed partial class ScriptedAwsHttp : HttpMessageHandler
{
    private static int s_lastPort = 20000;
    private readonly Queue<ScriptedResponse> _responses = new();
    private readonly List<SeenRequest> _seen = [];
    private readonly Func<SeenRequest, ScriptedResponse>? _respond;

    /// <summary>
    /// Gets an endpoint URL of this instance alone (requests never leave the process). The AWS SDK keeps the clock
    /// correction it learns from a response's Date header per endpoint for the whole process, so a test whose service
    /// clock is skewed must not move the signing clock of the tests after it.
    /// </summary>
    public string ServiceUrl { get; } = "http://127.0.0.1:" + Interlocked.Increment(ref s_lastPort).ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>Answers each request by looking at it, for example by the access key id it was signed with.</summary>
    public ScriptedAwsHttp(Func<SeenRequest, ScriptedResponse> respond) => _respond = respond;

    public ScriptedAwsHttp(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }
    }

    public IReadOnlyList<SeenRequest> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public HttpClientFactory Factory => new Factory_(this);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : string.Empty;
        var key = CredentialPattern().Match(authorization) is { Success: true } m ? m.Groups[1].Value : null;
        var token = request.Headers.TryGetValues("x-amz-security-token", out var tokens) ? tokens.First()
            : QueryTokenPattern().Match(body) is { Success: true } q ? Uri.UnescapeDataString(q.Groups[1].Value) : null;
        var attempt = request.Headers.TryGetValues("amz-sdk-request", out var attempts) ? attempts.First() : null;
        var seen = new SeenRequest(request.Method.Method, request.RequestUri!.AbsolutePath, key, token, attempt, body);
        ScriptedResponse next;
        lock (_seen)
        {
            _seen.Add(seen);
            next = _respond is not null ? _respond(seen) : _responses.Count > 1 ? _responses.Dequeue() : _responses.Peek();
        }

        var response = new HttpResponseMessage(next.Status)
        {
            Content = new StringContent(next.Body, Encoding.UTF8, next.ContentType),
            RequestMessage = request,
        };
        response.Headers.Date = DateTimeOffset.UtcNow + next.DateOffset;
        response.Headers.Add("x-amzn-RequestId", "req-" + _seen.Count.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    [GeneratedRegex("Credential=([A-Z0-9]+)/")]
    private static partial Regex CredentialPattern();

    [GeneratedRegex("SecurityToken=([^&]+)")]
    private static partial Regex QueryTokenPattern();

    private sealed class Factory_(ScriptedAwsHttp handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
