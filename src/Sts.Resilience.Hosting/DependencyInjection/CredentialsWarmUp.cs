using Microsoft.Extensions.Logging;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// The first fetch while the host starts, shared by both hosted services (<see cref="RefreshingCredentialsHostedService"/>
/// for <c>AddRefreshingCredentials</c>, <see cref="RefreshingRoleCredentialsHostedService"/> for each role registration):
/// fetch once, log event 4002 with the key's suffix and the expiry; on failure, fail the start with an
/// <see cref="InvalidOperationException"/> or log event 4001, as <see cref="RefreshingRoleCredentialsStartupOptions.FailStartupOnError"/> says.
/// </summary>
internal static class CredentialsWarmUp
{
    /// <summary>Fetches the first credentials of <paramref name="credentials"/>.</summary>
    /// <param name="credentials">The credentials to warm up.</param>
    /// <param name="target">How the logs and the error name them.</param>
    /// <param name="failStartup">Whether a failure fails the start (throws) rather than being logged.</param>
    /// <param name="logger">Where events 4001 and 4002 go.</param>
    /// <param name="cancellationToken">The host's start token.</param>
    /// <exception cref="InvalidOperationException">Thrown when the fetch fails and <paramref name="failStartup"/> is set.</exception>
    public static async Task RunAsync(RefreshingCredentials credentials, WarmUpTarget target, bool failStartup, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var fetched = await credentials.GetCredentialsAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Information))
            {
#pragma warning disable CA1873 // Guarded by IsEnabled above; the analyzer does not see through it.
                DependencyInjectionLog.WarmedUp(logger, target.Source, target.Registration, CredentialsLog.Suffix(fetched.AccessKey), credentials.Status.Expiration);
#pragma warning restore CA1873
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ex.GetType().Name + ": " + ex.Message;
            if (failStartup)
            {
                throw new InvalidOperationException(
                    $"Could not get credentials {target.Subject} ({target.Registration}) at start: {error} "
                    + $"Fix {target.FixWhat}, or set RefreshingRoleCredentialsStartupOptions.FailStartupOnError to false to start anyway.",
                    ex);
            }

            DependencyInjectionLog.WarmUpFailed(logger, target.Source, target.Registration, error);
        }
    }
}

/// <summary>How a warm-up names what it fetches.</summary>
/// <param name="Source">The source in the log events (a role ARN, or the source's description).</param>
/// <param name="Subject">The source in the start error ("for role arn:…", "from …").</param>
/// <param name="Registration">The registration ("default registration", "key 'reports'", "AddRefreshingCredentials").</param>
/// <param name="FixWhat">What the start error tells to fix ("the role or its source credentials", "the source").</param>
internal readonly record struct WarmUpTarget(string Source, string Subject, string Registration, string FixWhat);
