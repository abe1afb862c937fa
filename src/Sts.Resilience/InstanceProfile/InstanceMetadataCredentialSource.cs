using System.Globalization;
using Microsoft.Extensions.Logging;
using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;

namespace Sts.Resilience.InstanceProfile;

/// <summary>
/// Fetches the instance profile's session from IMDSv2: a session token (<c>PUT /latest/api/token</c>, kept until shortly
/// before its TTL and fetched again at once on a 401), the role name, then the credentials. IMDSv1 is never used.
/// </summary>
/// <remarks>
/// <para>
/// <b>Static stability</b>, IMDS's own rule and applied to this source only: when IMDS fails (no answer, an error,
/// a body that cannot be read) or answers credentials that have already expired, and a previous session is known that
/// has at most 5 minutes left, the source answers that session again with its expiration moved to a random 5–10
/// minutes from now, and logs a warning (event 1101). The engine takes it as a fresh session, so callers keep signing
/// and the engine asks IMDS again inside the extension. While the previous session has more than 5 minutes left, the
/// failure goes to the engine as usual (cached credentials served, backoff), so an extension never shortens a session.
/// </para>
/// <para>
/// Why only here: EC2 instance credentials go on working for a while past the <c>Expiration</c> IMDS states, and IMDS
/// outages are what the rule was made for; an STS session is dead at its <c>Expiration</c>, so the other sources never
/// extend one.
/// </para>
/// </remarks>
internal sealed class InstanceMetadataCredentialSource : ICredentialSource, IDisposable
{
    private readonly Uri _endpoint;
    private readonly string _base;
    private readonly TimeSpan _tokenTtl;
    private readonly string _ttlText;
    private readonly CredentialEndpointHttp _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<TimeSpan> _extension;
    private readonly string _what;

    // One fetch at a time (the engine's single flight); the engine's locks order these writes before the next fetch.
    private string? _token;
    private DateTimeOffset _tokenRenewAt;
    private SourceCredentials? _lastGood;
    private TimeSpan _serverOffset;
    private long _extensions;
    private volatile Extension? _current;

    public InstanceMetadataCredentialSource(
        RefreshingInstanceProfileCredentialsOptions options,
        TimeProvider time,
        ILogger logger,
        Func<TimeSpan>? extension = null,
        HttpMessageHandler? handler = null)
    {
        _endpoint = options.ResolveEndpoint();
        _base = _endpoint.ToString().TrimEnd('/');
        _tokenTtl = options.TokenTtl;
        _ttlText = ((long)options.TokenTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        _http = new CredentialEndpointHttp(options.Timeout, handler);
        _time = time;
        _logger = logger;
        _extension = extension ?? RandomExtension;
        Description = _endpoint.GetLeftPart(UriPartial.Authority) + " (instance profile)";
        _what = "Instance metadata at " + _endpoint.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Gets the endpoint (the name in logs, metrics and status).</summary>
    public string Description { get; }

    /// <summary>Gets the base URL of instance metadata.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>Gets how many times static stability extended a session.</summary>
    public long Extensions => Interlocked.Read(ref _extensions);

    public bool IsNonRecoverable(Exception exception) => false;

    /// <summary>
    /// Why the session that expires at <paramref name="expiration"/> is an extension by static stability, or
    /// <see langword="null"/> when it is not the extension this source handed out last (a session IMDS answered).
    /// </summary>
    public string? DescribeExtension(DateTimeOffset expiration) =>
        _current is { } current && current.Expiration == expiration ? current.Reason : null;

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        SourceCredentials fetched;
        try
        {
            fetched = await FetchFromImdsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TryExtend(StsErrorClassifier.Describe(ex), out var extended))
        {
            return extended;
        }

        var serverNow = fetched.ServerTime ?? _time.GetUtcNow() + _serverOffset;
        if (fetched.Expiration <= serverNow)
        {
            return TryExtend(FormattableString.Invariant($"the credentials it answered expired at {fetched.Expiration:o}"), out var extended)
                ? extended
                : fetched; // nothing to fall back on: the engine counts expired credentials as a failure
        }

        if (fetched.ServerTime is { } server)
        {
            _serverOffset = server - _time.GetUtcNow();
        }

        _lastGood = fetched;
        _current = null;
        return fetched;
    }

    public void Dispose() => _http.Dispose();

    private static TimeSpan RandomExtension()
    {
        var span = InstanceMetadataRules.MaxExtension - InstanceMetadataRules.MinExtension;
#if NET
        var fraction = Random.Shared.NextDouble();
#else
        double fraction;
        lock (SharedRandom)
        {
            fraction = SharedRandom.NextDouble();
        }
#endif
        return InstanceMetadataRules.MinExtension + TimeSpan.FromTicks((long)(span.Ticks * fraction));
    }

#if !NET
    private static readonly Random SharedRandom = new();
#endif

    private bool TryExtend(string reason, out SourceCredentials extended)
    {
        extended = null!;
        if (_lastGood is not { } last)
        {
            return false;
        }

        var serverNow = _time.GetUtcNow() + _serverOffset;
        if (last.Expiration - serverNow > InstanceMetadataRules.MinExtension)
        {
            return false; // the engine serves it and backs off; an extension now would only shorten it
        }

        var extension = _extension();
        extended = new SourceCredentials(last.Credentials, serverNow + extension, ServerTime: null);
        _lastGood = extended;
        _current = new Extension(extended.Expiration, FormattableString.Invariant(
            $"{_what} could not give fresh credentials ({reason}); the last credentials (access key ...{CredentialsLog.Suffix(last.Credentials.AccessKey)}) are served until {extended.Expiration:o}"));
        Interlocked.Increment(ref _extensions);
        InstanceMetadataLog.Extended(_logger, Description, reason, CredentialsLog.Suffix(last.Credentials.AccessKey), extended.Expiration, (long)extension.TotalSeconds);
        return true;
    }

    private async Task<SourceCredentials> FetchFromImdsAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // A 401 means the token expired or IMDS restarted: one new token, one more try.
            var token = await TokenAsync(renew: attempt > 0, cancellationToken).ConfigureAwait(false);
            var listing = await GetAsync(InstanceMetadataRules.CredentialsPath, token, cancellationToken).ConfigureAwait(false);
            if (listing.Status == 401 && attempt == 0)
            {
                continue;
            }

            EnsureSuccess(listing, "the role name");
            var roleName = FirstLine(listing.Body);
            if (roleName.Length == 0)
            {
                throw new CredentialEndpointException($"{_what} lists no role: the instance has no instance profile, or its profile has no role.");
            }

            var answer = await GetAsync(InstanceMetadataRules.CredentialsPath + Uri.EscapeDataString(roleName), token, cancellationToken).ConfigureAwait(false);
            if (answer.Status == 401 && attempt == 0)
            {
                continue;
            }

            EnsureSuccess(answer, "the credentials of role " + roleName);
            var (credentials, expiration) = CredentialsDocument.Parse(answer.Body, _what);
            return new SourceCredentials(credentials, expiration, answer.Date);
        }
    }

    private async Task<string> TokenAsync(bool renew, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!renew && _token is { } cached && now < _tokenRenewAt)
        {
            return cached;
        }

        _token = null;
        var response = await _http.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_base + InstanceMetadataRules.TokenPath));
                request.Headers.TryAddWithoutValidation(InstanceMetadataRules.TokenTtlHeader, _ttlText);
                return request;
            },
            _what,
            cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, "a session token (IMDSv2)");
        var token = response.Body.Trim();
        if (token.Length == 0)
        {
            throw new CredentialEndpointException($"{_what} answered an empty session token.");
        }

        _token = token;
        _tokenRenewAt = now + InstanceMetadataRules.TokenReuse(_tokenTtl);
        return token;
    }

    private Task<EndpointResponse> GetAsync(string path, string token, CancellationToken cancellationToken)
        => _http.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base + path));
                request.Headers.TryAddWithoutValidation(InstanceMetadataRules.TokenHeader, token);
                return request;
            },
            _what,
            cancellationToken);

    private void EnsureSuccess(EndpointResponse response, string what)
    {
        if (!response.IsSuccess)
        {
            throw new CredentialEndpointException($"{_what} answered {CredentialsDocument.DescribeError(response)} when asked for {what}.", statusCode: response.Status);
        }
    }

    private static string FirstLine(string body)
    {
        var text = body.Trim();
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text.Substring(0, end)).Trim();
    }

    /// <summary>The extension handed out last: its end and why.</summary>
    private sealed record Extension(DateTimeOffset Expiration, string Reason);
}
