using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Demo;

/// <summary>
/// Placeholder until the expired-token retry handler (branch retry) is merged: the revocation fault needs it,
/// so it is not injected yet.
/// </summary>
internal static class RetrySupport
{
    public static bool Available => false;

    public static void Register(ILoggerFactory? loggerFactory) => _ = loggerFactory;
}
