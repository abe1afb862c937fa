using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Retry;

/// <summary>How the handler can make a client's credentials produce a new session.</summary>
internal enum RefreshCapability
{
    /// <summary>Not credentials the handler deals with (anonymous requests).</summary>
    None,

    /// <summary><see cref="IInvalidatableCredentials"/>: compare-and-swap on the rejected key.</summary>
    Invalidate,

    /// <summary>The SDK's <see cref="RefreshingAWSCredentials"/>: <see cref="RefreshingAWSCredentials.ClearCredentials"/>.</summary>
    ClearCredentials,

    /// <summary>A type the handler does not know: retried once in case it refreshes by itself.</summary>
    Unknown,

    /// <summary>Fixed credentials that can never change.</summary>
    Static,
}

/// <summary>Reads what the handler needs from an <see cref="AWSCredentials"/> instance without touching its secrets.</summary>
internal static class CredentialsInspector
{
    public const string ExpirationVariable = "AWS_CREDENTIAL_EXPIRATION";

    // RefreshingAWSCredentials.ClearCredentials is unconditional. Remembering which rejected key was last cleared
    // makes it a compare-and-swap on the rejected key: of many calls rejected with the same key, only the first clears.
    private static readonly ConditionalWeakTable<RefreshingAWSCredentials, StrongBox<string?>> ClearedKeys = new();

    public static RefreshCapability GetCapability(AWSCredentials credentials) => credentials switch
    {
        AnonymousAWSCredentials => RefreshCapability.None,
        StaticRefreshingCredentials wrapped => GetCapability(wrapped.Keys),
        IInvalidatableCredentials => RefreshCapability.Invalidate,
        RefreshingAWSCredentials => RefreshCapability.ClearCredentials,
        SessionAWSCredentials or EnvironmentVariablesAWSCredentials or BasicAWSCredentials => RefreshCapability.Static,
        _ => RefreshCapability.Unknown,
    };

    public static CredentialOrigin GetOrigin(AWSCredentials credentials) => credentials switch
    {
        StaticRefreshingCredentials wrapped => GetOrigin(wrapped.Keys),
        IInvalidatableCredentials or RefreshingAWSCredentials => CredentialOrigin.Refreshing,
        SessionAWSCredentials => CredentialOrigin.SessionCredentials,
        EnvironmentVariablesAWSCredentials => CredentialOrigin.EnvironmentVariables,
        BasicAWSCredentials => CredentialOrigin.BasicCredentials,
        _ => CredentialOrigin.Other,
    };

    /// <summary>Makes the next <c>GetCredentials</c> call produce a new session, if the rejected key is still the cached one.</summary>
    public static void Invalidate(AWSCredentials credentials, string rejectedAccessKeyId)
    {
        switch (credentials)
        {
            case IInvalidatableCredentials invalidatable:
                invalidatable.Invalidate(rejectedAccessKeyId);
                break;
            case RefreshingAWSCredentials refreshing:
                var cleared = ClearedKeys.GetValue(refreshing, static _ => new StrongBox<string?>());
                lock (cleared)
                {
                    if (string.Equals(cleared.Value, rejectedAccessKeyId, StringComparison.Ordinal))
                    {
                        return;
                    }

                    cleared.Value = rejectedAccessKeyId;
                }

                refreshing.ClearCredentials();
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Whether the credentials that signed with <paramref name="accessKeyId"/> are known to be unusable now: invalidated,
    /// replaced by newer ones, or past their expiry. What makes a bare 400/403 (S3 answers HEAD without a body) count as expired.
    /// </summary>
    public static bool IsKnownStale(AWSCredentials credentials, string accessKeyId, DateTimeOffset now)
    {
        switch (credentials)
        {
            case RefreshingCredentials ours:
                return ours.IsKnownStale(accessKeyId);
            case RefreshingAWSCredentials refreshing
                when ClearedKeys.TryGetValue(refreshing, out var cleared) && string.Equals(cleared.Value, accessKeyId, StringComparison.Ordinal):
                return true;
            default:
                return GetExpiration(credentials).Expiration is { } expiration && expiration <= now;
        }
    }

    /// <summary>When the credentials expire or expired, and where that was read; both <see langword="null"/> when unknown.</summary>
    public static (DateTimeOffset? Expiration, string? Source) GetExpiration(AWSCredentials credentials)
    {
        if (credentials is StaticRefreshingCredentials wrapped)
        {
            // Its Expiration is a rolling horizon; the keys' own expiry (if any) is what the explanation needs.
            return GetExpiration(wrapped.Keys);
        }

        if (credentials.Expiration is { } expiration)
        {
            return (ToUtc(expiration), null);
        }

        if (credentials is EnvironmentVariablesAWSCredentials
            && DateTimeOffset.TryParse(
                Environment.GetEnvironmentVariable(ExpirationVariable),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var fromEnvironment))
        {
            return (fromEnvironment, ExpirationVariable);
        }

        return (null, null);
    }

    public static bool KeyMatchesEnvironment(string accessKeyId)
        => string.Equals(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), accessKeyId, StringComparison.Ordinal);

    private static DateTimeOffset ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
