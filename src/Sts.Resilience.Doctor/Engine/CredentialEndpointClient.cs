using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>An answer from a credential endpoint (container or instance metadata), or why there was none.</summary>
/// <param name="Status">The HTTP status; <see langword="null"/> when nothing answered.</param>
/// <param name="Body">The body (may hold secrets: parse it, never print it).</param>
/// <param name="Failure">Why nothing answered ("no answer within 2 s", "connection refused").</param>
internal sealed record EndpointAnswer(HttpStatusCode? Status, string Body, string? Failure)
{
    public bool Answered => Status is not null;

    public bool Ok => Status is HttpStatusCode.OK;
}

/// <summary>What a credentials document says, without its secrets.</summary>
/// <param name="AccessKeyId">The access key id (show it only through <see cref="Text.KeyId"/>).</param>
/// <param name="Expiration">When the credentials expire.</param>
/// <param name="HasSecrets">Whether the document carries a secret access key and a session token.</param>
internal sealed record VendedCredentials(string? AccessKeyId, DateTimeOffset? Expiration, bool HasSecrets)
{
    /// <summary>The credentials themselves, for the identity check's <c>GetCallerIdentity</c>; never printed.</summary>
    public Amazon.Runtime.AWSCredentials? Credentials { get; private init; }

    /// <summary>Reads the JSON both the container endpoint and instance metadata answer with; <see langword="null"/> when it is not that.</summary>
    public static VendedCredentials? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var keyId = Read(root, "AccessKeyId");
            DateTimeOffset? expiration = Text.TryParseTime(Read(root, "Expiration"), out var at) ? at : null;
            var (secret, token) = (Read(root, "SecretAccessKey"), Read(root, "Token"));
            return new VendedCredentials(keyId, expiration, secret is not null && token is not null)
            {
                Credentials = keyId is not null && secret is not null && token is not null ? new Amazon.Runtime.SessionAWSCredentials(keyId, secret, token) : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

/// <summary>
/// The doctor's HTTP client for the container credentials endpoint and instance metadata: one attempt, no proxy, no
/// redirects and a short timeout (at most 2 s, as the SDKs use ~1 s), so a metadata address that does not exist off
/// AWS never makes the tool hang.
/// </summary>
internal sealed class CredentialEndpointClient : IDisposable
{
    /// <summary>The longest the doctor waits for a credential endpoint.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;

    public CredentialEndpointClient(TimeSpan timeout)
    {
        Timeout = timeout < MaximumTimeout ? timeout : MaximumTimeout;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = Timeout, UseProxy = false })
        {
            Timeout = Timeout,
        };
    }

    /// <summary>The time allowed for each request.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Sends one request; failures are answers without a status, never exceptions.</summary>
    public async Task<EndpointAnswer> SendAsync(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return new EndpointAnswer(response.StatusCode, body, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Describe(ex) is { } reason)
        {
            return new EndpointAnswer(null, "", reason);
        }
    }

    public void Dispose() => _http.Dispose();

    private string? Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case OperationCanceledException or TimeoutException:
                    return $"no answer within {Text.Duration(Timeout)}";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable }:
                    return "network unreachable";
                case SocketException socket:
                    return socket.Message;
            }
        }

        return exception is HttpRequestException or IOException ? exception.Message : null;
    }
}
