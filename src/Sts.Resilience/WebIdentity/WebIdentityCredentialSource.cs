using System.Globalization;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;

namespace Sts.Resilience.WebIdentity;

/// <summary>
/// Calls STS <c>AssumeRoleWithWebIdentity</c> (unsigned) with a token read afresh for every fetch. When STS says the JWT
/// itself has expired (<c>ExpiredTokenException</c>), the token is read again and the call retried once, as the platform
/// may have rotated the file in between. Learns STS's clock from the response's <c>Date</c> header.
/// </summary>
internal sealed partial class WebIdentityCredentialSource : ICredentialSource, IDisposable
{
    private readonly RefreshingWebIdentityCredentialsOptions _options;
    private readonly IAmazonSecurityTokenService _sts;
    private readonly bool _ownsClient;
    private readonly string _sessionName;
    private readonly ResponseDateListener _dates;
    private readonly StsRequestBudget? _budget;

    public WebIdentityCredentialSource(RefreshingWebIdentityCredentialsOptions options, IAmazonSecurityTokenService? stsClient, TimeProvider time)
    {
        _options = options;
        _sessionName = options.RoleSessionName
            ?? RefreshingRoleCredentialsDefaults.SessionNamePrefix + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        _ownsClient = stsClient is null;
        _budget = stsClient is null ? new StsRequestBudget() : null;
        _sts = stsClient ?? CreateClient(options, _budget!);
        _dates = new ResponseDateListener(_sts);
    }

    public string Description => _options.RoleArn;

    /// <summary>Gets the options this source fetches with (the front's validated copy).</summary>
    public RefreshingWebIdentityCredentialsOptions Options => _options;

    public bool IsNonRecoverable(Exception exception) => StsErrorClassifier.IsNonRecoverable(exception);

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        _budget?.BeginFetch();
        AssumeRoleWithWebIdentityResponse response;
        try
        {
            response = await CallAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (IsExpiredJwt(ex))
        {
            // The JWT expired, not a session: the platform may have written a new one since it was read.
            response = await CallAsync(cancellationToken).ConfigureAwait(false);
        }

        var credentials = response.Credentials;
        return new SourceCredentials(
            new ImmutableCredentials(credentials?.AccessKeyId, credentials?.SecretAccessKey, credentials?.SessionToken),
            StsSessionCall.ToExpiration(credentials?.Expiration),
            _dates.Take(response));
    }

    private static bool IsExpiredJwt(AmazonServiceException ex) => ex.ErrorCode == "ExpiredTokenException";

    public void Dispose()
    {
        _dates.Dispose();
        if (_ownsClient)
        {
            _sts.Dispose();
        }

        _budget?.Dispose();
    }

    private async Task<AssumeRoleWithWebIdentityResponse> CallAsync(CancellationToken cancellationToken)
    {
        var request = new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = _options.RoleArn,
            RoleSessionName = _sessionName,
            WebIdentityToken = await ReadTokenAsync(cancellationToken).ConfigureAwait(false),
            DurationSeconds = (int)_options.Duration.TotalSeconds,
        };
        return await _dates.CallAsync(request, r => _sts.AssumeRoleWithWebIdentityAsync(r, cancellationToken)).ConfigureAwait(false);
    }

    private async ValueTask<string> ReadTokenAsync(CancellationToken cancellationToken)
    {
        string token;
        if (_options.WebIdentityTokenProvider is { } provider)
        {
            token = await provider(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                token = await TokenFile.ReadAsync(_options.WebIdentityTokenFile!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Unreadable(ex);
            }
        }

        return NonEmpty(token);
    }

    private AmazonClientException Unreadable(Exception ex) => new(
        $"The web identity token file '{_options.WebIdentityTokenFile}' for {_options.RoleArn} could not be read: {ex.Message}", ex);

    private string NonEmpty(string token)
    {
        token = token.Trim();
        return token.Length > 0 ? token
            : throw new AmazonClientException($"The web identity token for {_options.RoleArn} is empty.");
    }

    private static AmazonSecurityTokenServiceClient CreateClient(RefreshingWebIdentityCredentialsOptions options, StsRequestBudget budget)
    {
        var config = budget.CreateConfig(options.StsTimeout, options.Region, options.ServiceUrl);

        // AssumeRoleWithWebIdentity is unsigned: the token is the proof, so the client needs no credentials.
        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }
}
