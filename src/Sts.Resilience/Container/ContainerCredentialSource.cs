using Sts.Resilience.CredentialEndpoints;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;

namespace Sts.Resilience.Container;

/// <summary>
/// Fetches a session from the container credentials endpoint: <c>GET</c> with the <c>Authorization</c> header read
/// afresh (the token file first, so a rotated file is picked up at the next refresh), JSON
/// <c>{"AccessKeyId","SecretAccessKey","Token","Expiration"}</c> back, errors <c>{"code","message"}</c>. An http host
/// name is resolved before every request and refused unless every address is allowed. Learns the endpoint's clock from
/// its <c>Date</c> header.
/// </summary>
internal sealed class ContainerCredentialSource : ICredentialSource, IDisposable
{
    private readonly RefreshingContainerCredentialsOptions _options;
    private readonly Uri _uri;
    private readonly CredentialEndpointHttp _http;
    private readonly string _what;

    public ContainerCredentialSource(RefreshingContainerCredentialsOptions options)
    {
        _options = options;
        _uri = options.ResolveUri();
        Description = _uri.GetLeftPart(UriPartial.Path);
        _what = "The container credentials endpoint " + Description;
        _http = new CredentialEndpointHttp(options.Timeout);
    }

    /// <summary>Gets the endpoint without its query (the name in logs, metrics and status).</summary>
    public string Description { get; }

    /// <summary>Gets the URL the credentials are fetched from.</summary>
    public Uri Uri => _uri;

    /// <summary>Gets the validated copy of the options.</summary>
    public RefreshingContainerCredentialsOptions Options => _options;

    public bool IsNonRecoverable(Exception exception) => exception is CredentialEndpointException { NonRecoverable: true };

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        if (ContainerEndpointRules.NeedsResolution(_uri))
        {
            await ContainerEndpointRules.CheckResolvedAsync(_uri, cancellationToken).ConfigureAwait(false);
        }

        var authorization = await ReadAuthorizationAsync(cancellationToken).ConfigureAwait(false);
        var response = await _http.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, _uri);
                request.Headers.Accept.ParseAdd("application/json");
                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                return request;
            },
            _what,
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccess)
        {
            throw new CredentialEndpointException($"{_what} answered {CredentialsDocument.DescribeError(response)}.", statusCode: response.Status);
        }

        var (credentials, expiration) = CredentialsDocument.Parse(response.Body, _what);
        return new SourceCredentials(credentials, expiration, response.Date);
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<string?> ReadAuthorizationAsync(CancellationToken cancellationToken)
    {
        if (_options.AuthorizationTokenFile is not { } file)
        {
            return _options.AuthorizationToken;
        }

        string token;
        try
        {
            token = await TokenFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Recoverable: the platform may be rewriting the file.
            throw new CredentialEndpointException($"The container authorization token file '{file}' could not be read: {ex.Message}", ex);
        }

        token = token.Trim();
        if (token.Length == 0 || token.IndexOfAny(['\r', '\n']) >= 0)
        {
            throw new CredentialEndpointException($"The container authorization token file '{file}' is empty or holds more than one line.");
        }

        return token;
    }
}
