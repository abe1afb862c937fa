using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sts.Resilience.Tests.DependencyInjection;

/// <summary>
/// The expired-token retry registration is process-wide and permanent, and the retry tests in this assembly assert which
/// client types it covers and which logger it writes to. So host tests here record the registration instead of making it;
/// <see cref="Original"/> keeps the real one, which a test checks is <c>ExpiredTokenRetry.Register</c>.
/// </summary>
internal static class RetryRegistrationSeam
{
    public static Action<ILoggerFactory?> Original { get; private set; } = null!;

    public static ConcurrentQueue<ILoggerFactory?> Calls { get; } = new();

    [ModuleInitializer]
    public static void Install()
    {
        Original = RefreshingRoleCredentialsServiceCollectionExtensions.RetryRegistration;
        RefreshingRoleCredentialsServiceCollectionExtensions.RetryRegistration = Calls.Enqueue;
    }
}
