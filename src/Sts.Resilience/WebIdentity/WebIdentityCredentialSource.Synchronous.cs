#if NET
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;
using Sts.Resilience.Internal;

namespace Sts.Resilience.WebIdentity;

/// <summary>
/// The synchronous AssumeRoleWithWebIdentity (issue 13, defect 4), on the .NET 8+ build only, through the SDK's public
/// <see cref="ICoreAmazonSTS"/> interface (the SDK's synchronous pipeline, as for AssumeRole; see
/// <c>AssumeRoleCredentialSource.Synchronous.cs</c>). The token file is read synchronously; a token provider is an
/// asynchronous delegate, so a source with one stays asynchronous.
/// </summary>
internal sealed partial class WebIdentityCredentialSource : ISynchronousCredentialSource
{
    public bool CanFetchSynchronously => _sts is AmazonSecurityTokenServiceClient && _options.WebIdentityTokenProvider is null;

    public SourceCredentials Fetch(CancellationToken cancellationToken)
    {
        _budget?.BeginFetch();
        SourceCredentials fetched;
        try
        {
            fetched = Call();
        }
        catch (AmazonServiceException ex) when (IsExpiredJwt(ex))
        {
            // As FetchAsync: the platform may have written a new token since it was read.
            fetched = Call();
        }

        return fetched;
    }

    private SourceCredentials Call()
    {
        string token;
        try
        {
            token = TokenFile.Read(_options.WebIdentityTokenFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(ex);
        }

        token = NonEmpty(token);
        var options = new AssumeRoleWithWebIdentityCredentialsOptions { DurationSeconds = (int)_options.Duration.TotalSeconds };
        var sts = (ICoreAmazonSTS)_sts;
        return StsSessionCall.Invoke(
            _dates,
            request => request is AssumeRoleWithWebIdentityRequest web
                       && string.Equals(web.RoleArn, _options.RoleArn, StringComparison.Ordinal)
                       && string.Equals(web.RoleSessionName, _sessionName, StringComparison.Ordinal),
            () => sts.CredentialsFromAssumeRoleWithWebIdentityAuthentication(token, _options.RoleArn, _sessionName, options));
    }
}
#endif
