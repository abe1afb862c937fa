#if NET
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Credentials;

/// <summary>
/// The synchronous AssumeRole (issue 13, defect 4), on the .NET 8+ build only. It goes through the SDK's public
/// <see cref="ICoreAmazonSTS"/> interface, which <c>AmazonSecurityTokenServiceClient</c> implements with the SDK's
/// internal synchronous pipeline: on AWSSDK.Core's .NET 8 build that sends with <c>HttpMessageHandler.Send</c> on the
/// calling thread (checked against AWSSDK.SecurityToken 4.0.101.10 / AWSSDK.Core 4.1.0; see docs/architecture.md).
/// The interface carries every AssumeRole argument this package sends except <c>PolicyArns</c>, and takes an MFA code
/// only as a string, so a source with policy ARNs or an asynchronous MFA provider stays asynchronous. Only the SDK's own
/// client is trusted with it: every <c>IAmazonSecurityTokenService</c> also implements the interface, and a wrapper's or
/// a fake's synchronous method may block on asynchronous work or not exist, so any other client stays asynchronous.
/// </summary>
internal sealed partial class AssumeRoleCredentialSource : ISynchronousCredentialSource
{
    public bool CanFetchSynchronously
        => _sts is AmazonSecurityTokenServiceClient
           && _options.PolicyArns.Count == 0
           && !(_options.MfaSerialNumber is not null && _options.MfaTokenCodeProvider is not null);

    public SourceCredentials Fetch(CancellationToken cancellationToken)
    {
        _budget?.BeginFetch();
        SourceCredentials fetched;
        try
        {
            fetched = Call();
        }
        catch (AmazonServiceException ex) when (IsClampable(ex))
        {
            ClampToRoleChainingLimit();
            fetched = Call();
        }
        catch (AmazonServiceException ex) when (StsErrors.Classify(ex) == StsErrorKind.Expired && _options.SourceCredentials is IInvalidatableCredentials source)
        {
            // As FetchAsync: have the rejected source session replaced and ask once more (its GetCredentials is synchronous too).
            source.Invalidate(_options.SourceCredentials.GetCredentials().AccessKey);
            fetched = Call();
        }
        catch (AmazonServiceException ex) when (StsErrorClassifier.IsMaxSessionDuration(ex))
        {
            throw MaxSessionDurationError(ex);
        }

        return fetched;
    }

    /// <summary>One synchronous AssumeRole; the SDK's wrapper exception is taken off, so failures classify as <see cref="FetchAsync"/>'s do.</summary>
    private SourceCredentials Call()
    {
        // No MFA: with a serial number and a code provider CanFetchSynchronously is false; without both FetchAsync sends none either.
        var options = new AssumeRoleAWSCredentialsOptions
        {
            DurationSeconds = _durationSeconds,
            ExternalId = _options.ExternalId,
            Policy = _options.Policy,
            SourceIdentity = _options.SourceIdentity,
        };
        if (_options.Tags.Count > 0)
        {
            options.Tags = [.. _options.Tags];
        }

        if (_options.TransitiveTagKeys.Count > 0)
        {
            options.TransitiveTagKeys = [.. _options.TransitiveTagKeys];
        }

        var sts = (ICoreAmazonSTS)_sts;
        return StsSessionCall.Invoke(
            _dates,
            request => request is AssumeRoleRequest assume
                       && string.Equals(assume.RoleArn, _options.RoleArn, StringComparison.Ordinal)
                       && string.Equals(assume.RoleSessionName, _sessionName, StringComparison.Ordinal),
            () => sts.CredentialsFromAssumeRoleAuthentication(_options.RoleArn, _sessionName, options));
    }
}
#endif
