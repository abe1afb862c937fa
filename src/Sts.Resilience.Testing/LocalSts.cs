using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sts.Resilience.Testing.Container;
using Sts.Resilience.Testing.DynamoDb;
using Sts.Resilience.Testing.ExecuteApi;
using Sts.Resilience.Testing.Imds;
using Sts.Resilience.Testing.S3;
using Sts.Resilience.Testing.Sts;
using Sts.Resilience.Testing.WebIdentity;

namespace Sts.Resilience.Testing;

/// <summary>
/// An STS-compatible server on 127.0.0.1 with real SigV4 checks, session expiry on a <see cref="TimeProvider"/>
/// you control, and fault injection. One server serves STS (query protocol), S3 (REST-XML, presigned URLs included),
/// DynamoDB (JSON 1.0) and an API Gateway API with IAM authorization (<c>execute-api</c>: any path, a JSON echo),
/// routed by the service name in each request's SigV4 credential scope (header or query-string authentication).
/// </summary>
/// <example>
/// <code>
/// await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = fakeTime });
/// var user = sts.CreateUser("alice");
/// var role = sts.CreateRole("app");
/// using var client = sts.CreateStsClient(user.Credentials);
/// var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "test" });
/// </code>
/// </example>
public sealed partial class LocalSts : IAsyncDisposable
{
    private readonly IdentityStore _store;
    private readonly TimeProvider _time;
    private readonly TimeProvider _signatureClock;
    private readonly long _maxBodyBytes;
    private readonly StsEndpoint _sts;
    private readonly WebIdentityTokens _tokens = new(string.Empty);
    private readonly AssumeRoleWithWebIdentityHandler _webIdentity;
    private readonly S3Endpoint _s3;
    private readonly DynamoDbEndpoint _dynamoDb = new();
    private readonly ContainerCredentialsEndpoint _container;
    private readonly InstanceMetadataEndpoint _imds;
    private readonly ExecuteApiEndpoint _executeApi = new();
    private readonly ConcurrentQueue<LocalStsRequest> _requests = new();
    private readonly PublishedClockOffsets _publishedOffsets = new();
    private WebApplication? _app;
    private long _skewTicks;
    private long _requestSequence;
    private int _disposed;

    private LocalSts(LocalStsOptions options)
    {
        _time = options.TimeProvider;
        _signatureClock = options.SignatureClock;
        _maxBodyBytes = options.MaxRequestBodyBytes;
        Region = options.Region;
        AccountId = options.AccountId;
        _store = new IdentityStore(options.AccountId);
        _webIdentity = new AssumeRoleWithWebIdentityHandler(_store, _tokens, () => UtcNow, options.MinimumSessionDuration);
        _sts = new StsEndpoint(_store, () => UtcNow, options.MinimumSessionDuration, _webIdentity);
        _s3 = new S3Endpoint(() => UtcNow, options.AccountId);
        _container = new ContainerCredentialsEndpoint(() => UtcNow, options.AccountId);
        _imds = new InstanceMetadataEndpoint(() => UtcNow, options.AccountId);
        Faults = new LocalStsFaults(() => UtcNow);
        Counters = new LocalStsCounters();
        ServiceUrl = string.Empty;
    }

    /// <summary>Gets the URL clients use as <c>ServiceURL</c>: <c>http://127.0.0.1:{port}/</c>.</summary>
    public string ServiceUrl { get; private set; }

    /// <summary>Gets the TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Gets the region requests must be signed for: what clients set as <c>AuthenticationRegion</c>.</summary>
    public string Region { get; }

    /// <summary>Gets the account id in every ARN the server creates.</summary>
    public string AccountId { get; }

    /// <summary>Gets the fault injection controls.</summary>
    public LocalStsFaults Faults { get; }

    /// <summary>Gets the calls per action and outcome.</summary>
    public LocalStsCounters Counters { get; }

    /// <summary>Gets a snapshot of every request handled so far, in arrival order.</summary>
    public IReadOnlyList<LocalStsRequest> Requests => _requests.ToArray();

    /// <summary>Gets the server's clock: <see cref="LocalStsOptions.TimeProvider"/> plus <see cref="ClockSkew"/>.</summary>
    public DateTimeOffset UtcNow => _time.GetUtcNow() + ClockSkew;

    /// <summary>Gets how far the server's clocks are ahead of (positive) or behind (negative) the clocks it was given.</summary>
    public TimeSpan ClockSkew => TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));

    private DateTimeOffset SignatureNow => _signatureClock.GetUtcNow() + ClockSkew;

    /// <summary>The ports servers of this process were given by the system (a port is not handed out twice).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> UsedPorts = new();

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="options"/> are invalid (the message lists every problem).</exception>
    public static async Task<LocalSts> StartAsync(LocalStsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalStsOptions();
        options.Validate();
        for (var attempt = 1; ; attempt++)
        {
            var sts = await StartOnceAsync(options, cancellationToken).ConfigureAwait(false);

            // The AWS SDK keeps the clock skew it learns per endpoint URL for the life of the process. A server that
            // got a port an earlier server of this process had would inherit what clients learned from that one's
            // clock (a test that moved it an hour ahead), and reject their signatures: take another port instead.
            if (options.Port != 0 || UsedPorts.TryAdd(sts.Port, 0) || attempt == 20)
            {
                return sts;
            }

            await sts.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<LocalSts> StartOnceAsync(LocalStsOptions options, CancellationToken cancellationToken)
    {
        var sts = new LocalSts(options);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The server enforces MaxRequestBodyBytes itself, so it can answer in the protocol of the service.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        app.Run(sts.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sts._app = app;
        sts.Port = new Uri(address).Port;
        sts.ServiceUrl = $"http://127.0.0.1:{sts.Port}/";
        sts._tokens.Issuer = sts.ServiceUrl + "oidc";
        return sts;
    }

    /// <summary>Registers a user with a new long-term access key (<c>AKIA…</c>).</summary>
    /// <param name="name">The IAM user name: 1 to 64 characters of <c>[\w+=,.@-]</c>.</param>
    /// <returns>The user, with its key and ready <see cref="Amazon.Runtime.BasicAWSCredentials"/>.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is not a valid IAM name.</exception>
    /// <exception cref="InvalidOperationException">Thrown when a user with that name exists.</exception>
    public LocalStsUser CreateUser(string name) => CreateUser(name, KeyGenerator.Id("AKIA"), KeyGenerator.SecretAccessKey());

    /// <summary>Registers a user with a key you choose, for example a key already in a profile or a published example.</summary>
    /// <param name="name">The IAM user name: 1 to 64 characters of <c>[\w+=,.@-]</c>.</param>
    /// <param name="accessKeyId">The access key id (16 to 128 characters).</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <returns>The user.</returns>
    /// <exception cref="ArgumentException">Thrown when an argument is empty or malformed.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the name or the key is already registered.</exception>
    public LocalStsUser CreateUser(string name, string accessKeyId, string secretAccessKey)
    {
        ValidateIamName(name);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        if (accessKeyId.Length is < 16 or > 128 || !accessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("An access key id is 16 to 128 letters and digits.", nameof(accessKeyId));
        }

        return _store.AddUser(name, accessKeyId, secretAccessKey);
    }

    /// <summary>Creates a role that users (and sessions of other roles) may assume.</summary>
    /// <param name="name">The role name: 1 to 64 characters of <c>[\w+=,.@-]</c>.</param>
    /// <param name="configure">Sets the trust policy and session limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The role; pass <see cref="LocalStsRole.Arn"/> as <c>RoleArn</c>.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">Thrown when a role with that name exists.</exception>
    public LocalStsRole CreateRole(string name, Action<LocalStsRoleOptions>? configure = null)
    {
        ValidateIamName(name);
        var options = new LocalStsRoleOptions();
        configure?.Invoke(options);
        if (options.MaxSessionDuration < TimeSpan.FromHours(1) || options.MaxSessionDuration > TimeSpan.FromHours(12))
        {
            throw new ArgumentException($"MaxSessionDuration must be between 1 and 12 hours (was {options.MaxSessionDuration}).", nameof(configure));
        }

        if (options.ExternalId is { Length: < 2 or > 1224 })
        {
            throw new ArgumentException("ExternalId must be 2 to 1224 characters.", nameof(configure));
        }

        return _store.AddRole(name, options);
    }

    /// <summary>
    /// Revokes every session issued so far, as when a role's sessions are revoked in IAM: later requests signed
    /// with them get the service's expired-token error (<c>ExpiredToken</c>, <c>ExpiredTokenException</c>).
    /// Sessions issued afterwards work.
    /// </summary>
    /// <returns>How many live sessions were revoked.</returns>
    public int RevokeAllSessions() => _store.RevokeAllSessions();

    /// <summary>Revokes one session by its temporary access key id.</summary>
    /// <param name="accessKeyId">The <c>ASIA…</c> key of the session.</param>
    /// <returns><see langword="true"/> when a live session was revoked.</returns>
    public bool RevokeSession(string accessKeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        return _store.RevokeSession(accessKeyId);
    }

    /// <summary>
    /// Moves the server's clocks: both the session clock (<see cref="UtcNow"/>: issue and expiry times) and the
    /// clock X-Amz-Date is judged by. A skew beyond 5 minutes makes every signature current on the client look
    /// expired (or not yet valid), as for a client whose clock is off. The <c>Date</c> header reports the skewed time,
    /// so the AWS SDK's own clock-skew correction can react to it.
    /// </summary>
    /// <param name="skew">How far ahead (positive) or behind (negative) the server is.</param>
    public void SetClockSkew(TimeSpan skew) => Interlocked.Exchange(ref _skewTicks, skew.Ticks);

    /// <summary>Clears the request log (<see cref="Requests"/>); counters are reset with <see cref="LocalStsCounters.Reset"/>.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _app is null)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _tokens.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"LocalSts {ServiceUrl} ({Region}, account {AccountId})";

    private static void ValidateIamName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 64 || !IamName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid IAM name: use 1 to 64 characters of letters, digits and +=,.@_-.", nameof(name));
        }
    }

    [GeneratedRegex(@"^[\w+=,.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IamName();
}
