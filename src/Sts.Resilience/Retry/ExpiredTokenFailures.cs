using System.Diagnostics.Metrics;
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
    private static readonly Counter<long> Retries = StsResilienceInstruments.Meter.CreateCounter<long>(
        "sts_resilience.expired_token.retries",
        unit: "{request}",
        description: "Requests rejected because their credentials expired, by what the retry did: recovered, not_refreshable, failed_again, body_not_rewindable.");

    public static void Record(ExpiredTokenOutcome outcome, string service)
        => Retries.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToTagValue()), new KeyValuePair<string, object?>("aws.service", service));

    /// <summary>Records the outcome and builds the exception whose message says where the credentials came from and what to change.</summary>
    public static ExpiredCredentialsException Create(
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
        Record(outcome, service);
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
