using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sts.Resilience.Retry;

/// <summary>
/// The expired-token retry. It wraps the client's own <see cref="RetryPolicy"/> (which it calls for everything else)
/// and is installed in the SDK's own <see cref="RetryHandler"/>, so a retry goes through the same steps as any SDK
/// retry: the request body is rewound (<c>PrepareForRetry</c>), the attempt is counted in the
/// <c>amz-sdk-request</c> header, and the handlers below the retry handler — checksum, signer, HTTP — run again.
/// Marking the request unsigned makes the <see cref="Signer"/> call <c>GetCredentials</c> again, which is
/// where invalidated credentials refresh.
/// </summary>
/// <remarks>
/// Being a policy rather than an extra pipeline handler is what keeps successful calls free: there is no extra
/// async frame around every call, and on success the only work is reading <see cref="IRequestContext.Retries"/>.
/// The decision is taken in <see cref="NotifyError"/>, which the retry handler calls for every failed attempt
/// before it asks whether to retry; the not-recoverable cases throw <see cref="ExpiredCredentialsException"/> from there.
/// </remarks>
internal sealed class ExpiredTokenRetryPolicy : RetryPolicy
{
    internal const string StateKey = "Sts.Resilience.ExpiredTokenRetry";

    private readonly RetryPolicy _inner;
    private readonly ExpiredTokenRetrySettings _settings;

    public ExpiredTokenRetryPolicy(RetryPolicy inner, ExpiredTokenRetrySettings settings)
    {
        _inner = inner;
        _settings = settings;
        MaxRetries = inner.MaxRetries;
        Logger = inner.Logger;
        TimeoutErrorCodesToRetryOn = inner.TimeoutErrorCodesToRetryOn;
        ErrorCodesToRetryOn = inner.ErrorCodesToRetryOn;
        HttpStatusCodesToRetryOn = inner.HttpStatusCodesToRetryOn;
        WebExceptionStatusesToRetryOn = inner.WebExceptionStatusesToRetryOn;
    }

    /// <summary>Gets the client's own policy, which decides about every error that is not an expired token.</summary>
    public RetryPolicy Inner => _inner;

    public override ICollection<string> ThrottlingErrorCodes => _inner.ThrottlingErrorCodes;

    public override void NotifyError(IExecutionContext executionContext, Exception exception)
    {
        _inner.NotifyError(executionContext, exception);
        if (exception is AmazonServiceException serviceException and not ExpiredCredentialsException)
        {
            OnServiceError(executionContext.RequestContext, serviceException);
        }
    }

    public override void NotifySuccess(IExecutionContext executionContext)
    {
        _inner.NotifySuccess(executionContext);

        // Zero cost on a first-attempt success: the state is only looked up after a retry.
        if (executionContext.RequestContext.Retries > 0
            && TryGetState(executionContext.RequestContext) is { Stage: RetryStage.Retried } state)
        {
            state.Stage = RetryStage.Done;
            var (service, operation) = Describe(executionContext.RequestContext);
            ExpiredTokenFailures.Record(_settings.Telemetry, ExpiredTokenOutcome.Recovered, service, operation, errorCode: null);
            var logger = CreateLogger();
            ExpiredTokenRetryLog.Recovered(logger, service, operation);
        }
    }

    public override bool RetryLimitReached(IExecutionContext executionContext)
        => !IsPending(executionContext.RequestContext) && _inner.RetryLimitReached(executionContext);

    public override bool CanRetry(IExecutionContext executionContext) => _inner.CanRetry(executionContext);

    public override bool RetryForException(IExecutionContext executionContext, Exception exception)
        => MarkForResigning(executionContext.RequestContext) || _inner.RetryForException(executionContext, exception);

    public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception)
        => MarkForResigning(executionContext.RequestContext) ? Task.FromResult(true) : _inner.RetryForExceptionAsync(executionContext, exception);

    public override bool OnRetry(IExecutionContext executionContext) => OnRetry(executionContext, bypassAcquireCapacity: false, isThrottlingError: false);

    public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity) => OnRetry(executionContext, bypassAcquireCapacity, isThrottlingError: false);

    public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError)
    {
        // The inner policy still takes its retry token so that its bookkeeping (released on success) stays balanced,
        // but an exhausted retry quota does not stop the one credential retry.
        var allowed = _inner.OnRetry(executionContext, bypassAcquireCapacity, isThrottlingError);
        return IsPending(executionContext.RequestContext) || allowed;
    }

    public override void WaitBeforeRetry(IExecutionContext executionContext)
    {
        if (!StartRetry(executionContext.RequestContext))
        {
            _inner.WaitBeforeRetry(executionContext);
        }
    }

    public override Task WaitBeforeRetryAsync(IExecutionContext executionContext)
        => StartRetry(executionContext.RequestContext) ? Task.CompletedTask : _inner.WaitBeforeRetryAsync(executionContext);

    public override void ObtainSendToken(IExecutionContext executionContext, Exception exception) => _inner.ObtainSendToken(executionContext, exception);

    public override Task ObtainSendTokenAsync(IExecutionContext executionContext, Exception exception) => _inner.ObtainSendTokenAsync(executionContext, exception);

    public override bool IsThrottlingError(Exception exception) => _inner.IsThrottlingError(exception);

    public override bool IsStaleConnectionError(Exception exception) => _inner.IsStaleConnectionError(exception);

    public override bool IsTransientError(IExecutionContext executionContext, Exception exception) => _inner.IsTransientError(executionContext, exception);

    public override bool IsServiceTimeoutError(Exception exception) => _inner.IsServiceTimeoutError(exception);

    private static bool IsPending(IRequestContext requestContext)
        => TryGetState(requestContext) is { Stage: RetryStage.Pending };

    private static bool MarkForResigning(IRequestContext requestContext)
    {
        if (!IsPending(requestContext))
        {
            return false;
        }

        // Without this the Signer keeps the first signature (it re-signs retries only when ResignRetries is set).
        requestContext.IsSigned = false;
        return true;
    }

    /// <summary>Called between the decision and the retry: no delay for the credential retry.</summary>
    private static bool StartRetry(IRequestContext requestContext)
    {
        if (TryGetState(requestContext) is not { Stage: RetryStage.Pending } state)
        {
            return false;
        }

        state.Stage = RetryStage.Retried;
        requestContext.IsSigned = false;
        return true;
    }

    private static ExpiredTokenRetryState? TryGetState(IRequestContext requestContext)
        => requestContext.ContextAttributes.TryGetValue(StateKey, out var value) ? value as ExpiredTokenRetryState : null;

    private void OnServiceError(IRequestContext requestContext, AmazonServiceException exception)
    {
        var request = requestContext.Request;
        var signing = SignedRequest.Read(request);
        var serviceTime = ReadServiceTime(exception);
        TimeSpan? signingOffset = serviceTime is { } st && signing.SignedAt is { } signedAt ? st - signedAt : null;
        var expired = ExpiredTokenErrors.IsExpiredCredentials(exception.ErrorCode, requestContext.RequestName, signingOffset);
        if (!expired && !IsBareHeadRejection(request, exception))
        {
            return;
        }

        if (requestContext.Identity is not AWSCredentials credentials
            || CredentialsInspector.GetCapability(credentials) == RefreshCapability.None
            || signing.AccessKeyId is not { Length: > 0 } rejectedKey)
        {
            return;
        }

        // S3 answers HEAD with a bare 400/403 and no error code: it counts as expired only when the credentials that
        // signed it are known to be expired or invalidated.
        if (!expired && !CredentialsInspector.IsKnownStale(credentials, rejectedKey, _settings.TimeProvider.GetUtcNow()))
        {
            return;
        }

        var state = TryGetState(requestContext);
        var (service, operation) = Describe(requestContext);
        var keySuffix = ExpiredCredentialsDetails.KeySuffix(rejectedKey);
        var logger = CreateLogger();
        var hostOffset = serviceTime is { } time ? time - _settings.TimeProvider.GetUtcNow() : (TimeSpan?)null;
        if (state is { Stage: RetryStage.Retried or RetryStage.Done })
        {
            ExpiredTokenRetryLog.FailedAgain(logger, service, operation, exception.ErrorCode, keySuffix);
            GiveUp(logger, ExpiredTokenFailures.Create(_settings.Telemetry, ExpiredTokenOutcome.FailedAgain, exception, credentials, state.RejectedKeySuffix, rejectedKey, hostOffset, service, operation, _settings.ProfileFiles), exception, service, operation);
            return;
        }

        var capability = CredentialsInspector.GetCapability(credentials);
        var credentialsType = credentials.GetType().Name;
        if (capability == RefreshCapability.Static)
        {
            ExpiredTokenRetryLog.NotRefreshable(logger, service, operation, exception.ErrorCode, credentialsType, keySuffix);
            GiveUp(logger, ExpiredTokenFailures.Create(_settings.Telemetry, ExpiredTokenOutcome.NotRefreshable, exception, credentials, keySuffix, rejectedKey, hostOffset, service, operation, _settings.ProfileFiles), exception, service, operation);
            return;
        }

        CredentialsInspector.Invalidate(credentials, rejectedKey);
        if (request is not null && !request.IsRequestStreamRewindable())
        {
            ExpiredTokenRetryLog.BodyNotRewindable(logger, service, operation, exception.ErrorCode);
            GiveUp(logger, ExpiredTokenFailures.Create(_settings.Telemetry, ExpiredTokenOutcome.BodyNotRewindable, exception, credentials, keySuffix, rejectedKey, hostOffset, service, operation, _settings.ProfileFiles), exception, service, operation);
            return;
        }

        requestContext.ContextAttributes[StateKey] = new ExpiredTokenRetryState(keySuffix);
        ExpiredTokenRetryLog.Retrying(logger, service, operation, exception.ErrorCode, credentialsType, keySuffix);
    }

    /// <summary>
    /// The retry cannot help: by default the service's own exception goes on (so <c>catch (AmazonS3Exception)</c> still
    /// matches) carrying the advice in <see cref="Exception.Data"/> and in a log event; with
    /// <see cref="ExpiredTokenRetry.ThrowExpiredCredentialsException"/> the <see cref="ExpiredCredentialsException"/> replaces it.
    /// </summary>
    private static void GiveUp(ILogger logger, ExpiredCredentialsException advice, AmazonServiceException exception, string service, string operation)
    {
        if (ExpiredTokenRetry.ThrowExpiredCredentialsException)
        {
            throw advice;
        }

        exception.Data[ExpiredTokenRetry.AdviceDataKey] = advice.Message;
        ExpiredTokenRetryLog.Advice(logger, service, operation, exception.GetType().Name, exception.ErrorCode ?? string.Empty, advice.Message);
    }

    private ILogger CreateLogger()
        => (_settings.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(ExpiredTokenRetry.CustomizerName);

    private static (string Service, string Operation) Describe(IRequestContext requestContext)
    {
        var service = requestContext.ServiceMetaData?.ServiceId is { Length: > 0 } id ? id
            : requestContext.ClientConfig?.ServiceId is { Length: > 0 } configId ? configId
            : "AWS";
        var operation = requestContext.RequestName ?? "request";
        if (operation.EndsWith("Request", StringComparison.Ordinal) && operation.Length > "Request".Length)
        {
            operation = operation.Substring(0, operation.Length - "Request".Length);
        }

        return (service, operation);
    }

    private static bool IsBareHeadRejection(IRequest? request, AmazonServiceException exception)
        => request is not null
           && string.Equals(request.HttpMethod, "HEAD", StringComparison.OrdinalIgnoreCase)
           && exception.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden;

    private static DateTimeOffset? ReadServiceTime(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is HttpErrorResponseException { Response: { } response }
                && response.GetHeaderValue("Date") is { Length: > 0 } date
                && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    private enum RetryStage
    {
        Pending,
        Retried,
        Done,
    }

    private sealed class ExpiredTokenRetryState(string? rejectedKeySuffix)
    {
        public RetryStage Stage { get; set; } = RetryStage.Pending;

        public string? RejectedKeySuffix { get; } = rejectedKeySuffix;
    }
}
