using System.Globalization;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Calls STS AssumeRole with the options' arguments. Learns the server's clock from the response's HTTP
/// <c>Date</c> header, clamps a role chain to one hour once STS says so, and explains a duration above the role's
/// MaxSessionDuration. When STS says the source session has expired and the source can be invalidated (any of this
/// package's credentials), the source is invalidated by key and the call made once more.
/// </summary>
internal sealed partial class AssumeRoleCredentialSource : ICredentialSource, IDisposable
{
    /// <summary>
    /// A client that is not an <see cref="AmazonServiceClient"/> (a test fake, a wrapper) can report the server's
    /// clock by putting the HTTP <c>Date</c> header value under this key of <see cref="ResponseMetadata.Metadata"/>.
    /// </summary>
    internal const string DateMetadataKey = ResponseDateListener.DateMetadataKey;

    private readonly RefreshingRoleCredentialsOptions _options;
    private readonly IAmazonSecurityTokenService _sts;
    private readonly bool _ownsClient;
    private readonly string _sessionName;
    private readonly ILogger _logger;
    private readonly ResponseDateListener _dates;
    private readonly StsRequestBudget? _budget;
    private int _durationSeconds;

    public AssumeRoleCredentialSource(RefreshingRoleCredentialsOptions options, IAmazonSecurityTokenService? stsClient, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _durationSeconds = (int)options.Duration.TotalSeconds;
        _sessionName = options.RoleSessionName
            ?? RefreshingRoleCredentialsDefaults.SessionNamePrefix + timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        if (stsClient is null)
        {
            _budget = new StsRequestBudget();
            _sts = CreateClient(options, _budget);
            _ownsClient = true;
        }
        else
        {
            _sts = stsClient;
        }

        // Any SDK client publishes the response headers after each call; that is where the Date header is.
        _dates = new ResponseDateListener(_sts);
    }

    public string Description => _options.RoleArn;

    public bool IsNonRecoverable(Exception exception) => StsErrorClassifier.IsNonRecoverable(exception);

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        _budget?.BeginFetch();
        var request = await CreateRequestAsync(_durationSeconds, cancellationToken).ConfigureAwait(false);
        AssumeRoleResponse response;
        try
        {
            response = await CallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (IsClampable(ex))
        {
            ClampToRoleChainingLimit();
            request = await CreateRequestAsync(_durationSeconds, cancellationToken).ConfigureAwait(false);
            response = await CallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (StsErrors.Classify(ex) == StsErrorKind.Expired && _options.SourceCredentials is IInvalidatableCredentials source)
        {
            // STS rejected the source session (a pod's, a task's, an instance's or a chained role's): have that one
            // replaced (compare-and-swap on the key it holds) and ask once more, signed with the new session. Without
            // this the role would wait for its source to refresh on its own, up to the source session's expiry.
            var rejected = await _options.SourceCredentials.GetCredentialsAsync().ConfigureAwait(false);
            source.Invalidate(rejected.AccessKey);
            response = await CallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (StsErrorClassifier.IsMaxSessionDuration(ex))
        {
            throw MaxSessionDurationError(ex);
        }

        var credentials = response.Credentials;
        var immutable = new ImmutableCredentials(credentials?.AccessKeyId, credentials?.SecretAccessKey, credentials?.SessionToken);
        return new SourceCredentials(immutable, StsSessionCall.ToExpiration(credentials?.Expiration), _dates.Take(response));
    }

    /// <summary>Whether STS refused the duration for a role chain and a shorter one (one hour) has not been tried yet.</summary>
    private bool IsClampable(AmazonServiceException ex)
        => StsErrorClassifier.IsRoleChainingLimit(ex) && _durationSeconds > (int)RefreshingRoleCredentialsDefaults.RoleChainingLimit.TotalSeconds;

    private void ClampToRoleChainingLimit()
    {
        var requested = _durationSeconds;
        _durationSeconds = (int)RefreshingRoleCredentialsDefaults.RoleChainingLimit.TotalSeconds;
        CredentialsLog.RoleChainingClamp(_logger, _options.RoleArn, requested, _durationSeconds);
    }

    private AmazonSecurityTokenServiceException MaxSessionDurationError(AmazonServiceException ex) => new(
        FormattableString.Invariant(
            $"AssumeRole for {_options.RoleArn} asked for DurationSeconds {_durationSeconds} ({_durationSeconds / 3600.0:0.##} h), which exceeds the role's MaxSessionDuration (3600–43200 s, set on the role in IAM; STS does not say which). Lower Duration to at most the role's MaxSessionDuration, or raise MaxSessionDuration on the role. STS said: {ex.Message}"),
        ex,
        ex.ErrorType,
        ex.ErrorCode,
        ex.RequestId,
        ex.StatusCode);

    public void Dispose()
    {
        _dates.Dispose();

        if (_ownsClient)
        {
            _sts.Dispose();
        }

        _budget?.Dispose();
    }

    private Task<AssumeRoleResponse> CallAsync(AssumeRoleRequest request, CancellationToken cancellationToken)
        => _dates.CallAsync(request, r => _sts.AssumeRoleAsync(r, cancellationToken));

    private async ValueTask<AssumeRoleRequest> CreateRequestAsync(int durationSeconds, CancellationToken cancellationToken)
    {
        // AWSSDK v4 leaves collections null unless set; only set what the options hold, so nothing empty is sent.
        var request = new AssumeRoleRequest
        {
            RoleArn = _options.RoleArn,
            RoleSessionName = _sessionName,
            DurationSeconds = durationSeconds,
            ExternalId = _options.ExternalId,
            Policy = _options.Policy,
            SourceIdentity = _options.SourceIdentity,
        };
        if (_options.PolicyArns.Count > 0)
        {
            request.PolicyArns = _options.PolicyArns.Select(arn => new PolicyDescriptorType { Arn = arn }).ToList();
        }

        if (_options.Tags.Count > 0)
        {
            request.Tags = _options.Tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value }).ToList();
        }

        if (_options.TransitiveTagKeys.Count > 0)
        {
            request.TransitiveTagKeys = _options.TransitiveTagKeys.ToList();
        }

        if (_options.MfaSerialNumber is { } serial && _options.MfaTokenCodeProvider is { } codeProvider)
        {
            request.SerialNumber = serial;
            request.TokenCode = await codeProvider(cancellationToken).ConfigureAwait(false);
        }

        return request;
    }

    private static AmazonSecurityTokenServiceClient CreateClient(RefreshingRoleCredentialsOptions options, StsRequestBudget budget)
    {
        var config = budget.CreateConfig(options.StsTimeout, options.Region, options.ServiceUrl);

        // Without explicit source credentials the client resolves the SDK's default chain at its first call.
        return options.SourceCredentials is { } source
            ? new AmazonSecurityTokenServiceClient(source, config)
            : new AmazonSecurityTokenServiceClient(config);
    }
}
