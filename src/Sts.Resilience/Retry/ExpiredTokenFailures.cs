using System.Diagnostics;
using Amazon.Runtime;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Retry;

/// <summary>
/// What the expired-token retry (SDK clients) and <see cref="Http.AwsSigV4Handler"/> (HttpClient) share once a request is
/// rejected as expired: the outcome counter, and the actionable <see cref="ExpiredCredentialsException"/>.
/// </summary>
internal static class ExpiredTokenFailures
{
    /// <summary>Counts one rejected request by outcome on <paramref name="telemetry"/>'s meter (a host's, or the package's own).</summary>
    public static void Record(CredentialsTelemetry telemetry, ExpiredTokenOutcome outcome, string service, string operation, string? errorCode)
    {
        var tags = new TagList
        {
            { TelemetryTags.Outcome, outcome.ToTagValue() },
            { TelemetryTags.RpcSystem, TelemetryTags.AwsApi },
            { TelemetryTags.RpcService, service },
            { TelemetryTags.RpcMethod, operation },
        };
        if (outcome != ExpiredTokenOutcome.Recovered && !string.IsNullOrEmpty(errorCode))
        {
            tags.Add(TelemetryTags.ErrorType, errorCode);
        }

        telemetry.ExpiredTokenRetries.Add(1, tags);
    }

    /// <summary>Records the outcome and builds the exception whose message says where the credentials came from and what to change.</summary>
    public static ExpiredCredentialsException Create(
        CredentialsTelemetry telemetry,
        ExpiredTokenOutcome outcome,
        AmazonServiceException exception,
        AWSCredentials credentials,
        string? firstKeySuffix,
        string rejectedKey,
        TimeSpan? hostOffset,
        string service,
        string operation,
        Func<ProfileFileLocations> profileFiles)
    {
        Record(telemetry, outcome, service, operation, exception.ErrorCode);
        var origin = CredentialsInspector.GetOrigin(credentials);
        string? profileName = null;
        string? profileFile = null;
        if (origin == CredentialOrigin.SessionCredentials
            && StaticSessionProfileLocator.Find(rejectedKey, profileFiles()) is { } profile)
        {
            origin = CredentialOrigin.StaticSessionProfile;
            (profileName, profileFile) = profile;
        }

        var (expiration, expirationSource) = CredentialsInspector.GetExpiration(credentials);
        var details = new ExpiredCredentialsDetails
        {
            Service = service,
            Operation = operation,
            ErrorCode = exception.ErrorCode ?? string.Empty,
            StatusCode = exception.StatusCode,
            Outcome = outcome,
            RejectedKeySuffix = firstKeySuffix,
            RetryKeySuffix = outcome == ExpiredTokenOutcome.FailedAgain ? ExpiredCredentialsDetails.KeySuffix(rejectedKey) : null,
            CredentialsTypeName = credentials.GetType().Name,
            Origin = origin,
            ProfileName = profileName,
            ProfileFile = profileFile,
            KeyMatchesEnvironment = origin == CredentialOrigin.SessionCredentials && CredentialsInspector.KeyMatchesEnvironment(rejectedKey),
            Expiration = expiration,
            ExpirationSource = expirationSource,
            HostClockOffset = hostOffset,
        };
        return new ExpiredCredentialsException(
            ExpiredCredentialsMessage.Build(details),
            exception,
            credentials.GetType(),
            expiration,
            retried: outcome == ExpiredTokenOutcome.FailedAgain);
    }
}
