using System.Diagnostics.Metrics;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Internal;
using Sts.Resilience.Profiles;
using Sts.Resilience.Retry;

namespace Sts.Resilience;

/// <summary>
/// Lets AWS SDK clients recover from an <c>ExpiredToken</c> rejection: registers, once per process, a runtime-pipeline
/// customizer with the SDK's <see cref="RuntimePipelineCustomizerRegistry"/>, so that every service client constructed
/// afterwards retries a request rejected for expired credentials once, with fresh credentials.
/// </summary>
/// <remarks>
/// <para>
/// On <c>ExpiredToken</c> (query protocols, S3), <c>ExpiredTokenException</c> (JSON protocols) or <c>RequestExpired</c>
/// sent for a request whose timestamp was within five minutes of the service's clock, the handler invalidates the
/// client's credentials — <see cref="RefreshingRoleCredentials"/> by compare-and-swap on the rejected access key id,
/// the SDK's <see cref="RefreshingAWSCredentials"/> by <see cref="RefreshingAWSCredentials.ClearCredentials"/> — and
/// retries the request exactly once, signed again and with its body rewound, without delay. A request whose body cannot be
/// rewound, credentials that cannot refresh, and a retry rejected again end in an <see cref="ExpiredCredentialsException"/>
/// that says what to fix. Every other error is left to the client's own retry policy, unchanged.
/// </para>
/// <para>
/// Registration is process-wide and affects only clients constructed after it: call it once at start-up, before
/// creating clients. Calls are idempotent and cumulative: a call without client types widens the scope to every client,
/// a call with client types adds them (a type also covers its subclasses), and nothing is ever removed.
/// </para>
/// <para>
/// Successful calls do not pay for it: the retry lives in the SDK's own retry handler, so there is no extra
/// pipeline stage, allocation or delay unless a request is rejected.
/// </para>
/// </remarks>
public static class ExpiredTokenRetry
{
    /// <summary>
    /// The unique name of the customizer in <see cref="RuntimePipelineCustomizerRegistry"/>, and the category of its log events.
    /// </summary>
    /// <value>The value is <c>Sts.Resilience.ExpiredTokenRetry</c>.</value>
    public const string CustomizerName = "Sts.Resilience.ExpiredTokenRetry";

    /// <summary>
    /// The key under which a service exception the retry could not avoid carries the advice (a <see cref="string"/>:
    /// why the credentials did not refresh and what to change) in <see cref="Exception.Data"/>.
    /// </summary>
    /// <value>The value is <c>Sts.Resilience.ExpiredCredentials</c>.</value>
    public const string AdviceDataKey = "Sts.Resilience.ExpiredCredentials";

    private static readonly object Gate = new();
    private static volatile bool s_throwExpiredCredentialsException;
    private static ExpiredTokenRetryCustomizer? s_customizer;

    /// <summary>
    /// Enables the expired-token retry for every AWS service client constructed from now on.
    /// </summary>
    /// <param name="loggerFactory">
    /// Where the retry writes its log events (event ids 2001–2006, category <see cref="CustomizerName"/>);
    /// <see langword="null"/> keeps the factory of an earlier call, or logs nothing if there was none. The latest
    /// non-null factory is used by every client, including clients built before this call.
    /// </param>
    /// <param name="meterFactory">
    /// Where the retry counts (<c>sts_resilience.expired_token.retries</c> on its <c>Sts.Resilience</c> meter), as a host's
    /// container does for the credentials; <see langword="null"/> keeps the factory of an earlier call, or the package's
    /// own meter if there was none. The latest non-null factory is used by every client.
    /// </param>
    public static void Register(ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        => GetOrRegister(loggerFactory, meterFactory).AddAllClients();

    /// <summary>
    /// Enables the expired-token retry for service clients of the given types (or types derived from them)
    /// constructed from now on, for example <c>typeof(AmazonS3Client)</c>.
    /// </summary>
    /// <param name="clientTypes">Client types derived from <see cref="AmazonServiceClient"/>.</param>
    /// <param name="loggerFactory">Where the retry writes its log events; see <see cref="Register(ILoggerFactory?, IMeterFactory?)"/>.</param>
    /// <param name="meterFactory">Where the retry counts; see <see cref="Register(ILoggerFactory?, IMeterFactory?)"/>.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="clientTypes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="clientTypes"/> is empty, or holds <see langword="null"/> or a type that is not an <see cref="AmazonServiceClient"/>.</exception>
    public static void RegisterFor(IEnumerable<Type> clientTypes, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        Guard.NotNull(clientTypes);
        var types = clientTypes.ToList();
        if (types.Count == 0)
        {
            throw new ArgumentException("Name at least one client type, or call Register() without types to cover every client.", nameof(clientTypes));
        }

        foreach (var type in types)
        {
            if (type is null || !typeof(AmazonServiceClient).IsAssignableFrom(type))
            {
                throw new ArgumentException(
                    $"'{type?.FullName ?? "null"}' is not an AWS service client type: pass types derived from Amazon.Runtime.AmazonServiceClient, such as typeof(AmazonS3Client).",
                    nameof(clientTypes));
            }
        }

        GetOrRegister(loggerFactory, meterFactory).AddClientTypes(types);
    }

    /// <summary>
    /// Gets a value indicating whether clients of <paramref name="clientType"/> constructed from now on get the expired-token retry.
    /// </summary>
    /// <param name="clientType">A service client type.</param>
    /// <returns><see langword="true"/> when a registration covers the type.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="clientType"/> is <see langword="null"/>.</exception>
    public static bool IsEnabledFor(Type clientType)
    {
        Guard.NotNull(clientType);
        return Volatile.Read(ref s_customizer)?.AppliesTo(clientType) ?? false;
    }

    /// <summary>
    /// Gets or sets a value indicating whether a request the retry cannot save throws an
    /// <see cref="ExpiredCredentialsException"/> (its message says what to fix, the service's exception is its inner
    /// exception) instead of the service's own exception. Off by default, so that <c>catch (AmazonS3Exception)</c> or
    /// <c>catch (AmazonServiceException)</c> keeps matching: the service's exception then carries the same advice in
    /// <see cref="Exception.Data"/> under <see cref="AdviceDataKey"/>, and the advice is logged (event 2007).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public static bool ThrowExpiredCredentialsException
    {
        get => s_throwExpiredCredentialsException;
        set => s_throwExpiredCredentialsException = value;
    }

    /// <summary>
    /// Removes the retry from the AWS SDK's pipeline customizers, so clients constructed from now on do not get it (clients
    /// built before keep it), and forgets every client type and logger factory registered. For tests that must start
    /// from a process without the retry; a later <see cref="Register(ILoggerFactory?, IMeterFactory?)"/> starts afresh.
    /// </summary>
    public static void Reset()
    {
        lock (Gate)
        {
            if (s_customizer is { } customizer)
            {
                RuntimePipelineCustomizerRegistry.Instance.Deregister(customizer);
                Volatile.Write(ref s_customizer, null);
            }
        }
    }

    /// <summary>The logger factory the retry writes to now, for tests of the hosting package.</summary>
    internal static ILoggerFactory? CurrentLoggerFactory => Volatile.Read(ref s_customizer)?.Settings.LoggerFactory;

    private static ExpiredTokenRetryCustomizer GetOrRegister(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        lock (Gate)
        {
            var customizer = s_customizer;
            if (customizer is null)
            {
                customizer = new ExpiredTokenRetryCustomizer(new ExpiredTokenRetrySettings(TimeProvider.System, ProfileFileLocations.FromEnvironment));
                RuntimePipelineCustomizerRegistry.Instance.Register(customizer);
                Volatile.Write(ref s_customizer, customizer);
            }

            if (loggerFactory is not null)
            {
                customizer.Settings.LoggerFactory = loggerFactory;
            }

            if (meterFactory is not null)
            {
                customizer.Settings.Telemetry = CredentialsTelemetry.For(meterFactory);
            }

            return customizer;
        }
    }
}
