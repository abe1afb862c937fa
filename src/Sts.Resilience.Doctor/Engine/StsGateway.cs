using System.Net;
using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>Why an STS call did not succeed.</summary>
internal enum StsFailureKind
{
    /// <summary>STS answered with an error code.</summary>
    Service,

    /// <summary>No connection (refused, DNS, TLS, reset).</summary>
    Unreachable,

    /// <summary>No answer within the timeout.</summary>
    Timeout,
}

/// <summary>An STS call that failed, with what STS (or the network) said. Carries no credentials.</summary>
internal sealed record StsFailure(StsFailureKind Kind, string? ErrorCode, string Message, int? HttpStatus)
{
    /// <summary>What the error means, from the library's table (<see cref="StsErrors"/>); <see cref="StsErrorKind.Other"/> for a network failure.</summary>
    public StsErrorKind ErrorKind => Kind == StsFailureKind.Service ? StsErrors.Classify(ErrorCode, Message) : StsErrorKind.Other;

    /// <summary>"ExpiredToken: The security token included in the request is expired", or the network reason.</summary>
    public string Summary => Kind switch
    {
        StsFailureKind.Service => ErrorCode is null ? Message : $"{ErrorCode}: {Message}",
        StsFailureKind.Timeout => Message,
        _ => Message,
    };
}

/// <summary>The outcome of one STS call: a value or a failure.</summary>
internal readonly record struct StsResult<T>(T? Value, StsFailure? Failure)
    where T : class
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// The only place that talks to STS. One attempt per call (a diagnostic must see the first answer, not a retried
/// one), a timeout on every call, and network failures turned into <see cref="StsFailure"/> rather than exceptions.
/// </summary>
internal sealed class StsGateway : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public StsGateway(Uri endpoint, bool endpointIsCustom, string region, TimeSpan timeout, TimeProvider time)
    {
        Endpoint = endpoint;
        EndpointIsCustom = endpointIsCustom;
        Region = region;
        Timeout = timeout;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout, UseProxy = !IsLoopback(endpoint) })
        {
            Timeout = timeout,
        };
    }

    /// <summary>The STS endpoint every call goes to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Whether <see cref="Endpoint"/> came from <c>--endpoint-url</c>.</summary>
    public bool EndpointIsCustom { get; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The time allowed for each call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The regional STS endpoint for <paramref name="region"/>.</summary>
    public static Uri RegionalEndpoint(string region) =>
        new(region.StartsWith("cn-", StringComparison.Ordinal)
            ? $"https://sts.{region}.amazonaws.com.cn/"
            : $"https://sts.{region}.amazonaws.com/");

    /// <summary>The server's clock, read from the <c>Date</c> header of any response to an unsigned request, and the local time half-way through the exchange.</summary>
    public async Task<StsResult<ServerTime>> ReadServerTimeAsync(CancellationToken cancellationToken)
    {
        var before = _time.GetUtcNow();
        try
        {
            using var timeout = NewTimeout(cancellationToken);
            using var response = await _http.GetAsync(Endpoint, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var after = _time.GetUtcNow();
            var local = before + ((after - before) / 2);
            return new StsResult<ServerTime>(new ServerTime(response.Headers.Date, local), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            return new StsResult<ServerTime>(null, failure);
        }
    }

    /// <summary>Calls <c>GetCallerIdentity</c> with <paramref name="credentials"/>.</summary>
    public Task<StsResult<GetCallerIdentityResponse>> GetCallerIdentityAsync(AWSCredentials credentials, CancellationToken cancellationToken) =>
        CallAsync(credentials, (client, ct) => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct), cancellationToken);

    /// <summary>Calls <c>AssumeRole</c> once with <paramref name="credentials"/>.</summary>
    public Task<StsResult<AssumeRoleResponse>> AssumeRoleAsync(AWSCredentials credentials, AssumeRoleRequest request, CancellationToken cancellationToken) =>
        CallAsync(credentials, (client, ct) => client.AssumeRoleAsync(request, ct), cancellationToken);

    /// <summary>Calls <c>AssumeRoleWithWebIdentity</c> once, unsigned (the token is the proof).</summary>
    public Task<StsResult<AssumeRoleWithWebIdentityResponse>> AssumeRoleWithWebIdentityAsync(AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken) =>
        CallAsync(new AnonymousAWSCredentials(), (client, ct) => client.AssumeRoleWithWebIdentityAsync(request, ct), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<StsResult<T>> CallAsync<T>(AWSCredentials credentials, Func<IAmazonSecurityTokenService, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var client = new AmazonSecurityTokenServiceClient(credentials, CreateConfig());
            using var timeout = NewTimeout(cancellationToken);
            return new StsResult<T>(await call(client, timeout.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Classify(ex) is { } failure)
        {
            return new StsResult<T>(null, failure);
        }
    }

    private AmazonSecurityTokenServiceConfig CreateConfig()
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            MaxErrorRetry = 0,
            Timeout = Timeout,
        };
        if (EndpointIsCustom)
        {
            config.ServiceURL = Endpoint.ToString();
            config.AuthenticationRegion = Region;
            config.IgnoreConfiguredEndpointUrls = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        return config;
    }

    private CancellationTokenSource NewTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A second guard in case a stage of the SDK pipeline does not honour its own timeout.
        source.CancelAfter(Timeout + TimeSpan.FromSeconds(1));
        return source;
    }

    private StsFailure? Classify(Exception exception)
    {
        if (exception is AmazonServiceException service && (service.ErrorCode is not null || service.StatusCode != 0))
        {
            var message = string.IsNullOrWhiteSpace(service.Message) ? "(no message)" : service.Message.Trim();
            return new StsFailure(StsFailureKind.Service, service.ErrorCode, message, (int)service.StatusCode);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case OperationCanceledException or TimeoutException:
                    return new StsFailure(StsFailureKind.Timeout, null, $"no answer from {Endpoint} within {Text.Duration(Timeout)}", null);
                case HttpIOException io when io.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse:
                    return new StsFailure(StsFailureKind.Unreachable, null, $"cannot talk to {Endpoint}: the connection closed before the response was complete", null);
                case SocketException socket:
                    return new StsFailure(StsFailureKind.Unreachable, null, $"cannot connect to {Endpoint}: {Describe(socket.SocketErrorCode, socket.Message)}", null);
                case HttpRequestException http when http.InnerException is null:
                    return new StsFailure(StsFailureKind.Unreachable, null, $"cannot connect to {Endpoint}: {http.Message}", null);
            }
        }

        if (exception is HttpRequestException or AmazonClientException or IOException)
        {
            return new StsFailure(StsFailureKind.Unreachable, null, $"cannot talk to {Endpoint}: {exception.Message}", null);
        }

        return null;
    }

    private static string Describe(SocketError error, string message) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset",
        _ => message,
    };

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>The server's <c>Date</c> header and the local time it should be compared with.</summary>
internal sealed record ServerTime(DateTimeOffset? ServerDate, DateTimeOffset LocalTime);
