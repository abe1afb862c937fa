using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sts.Resilience;
using Sts.Resilience.DependencyInjection;
using Sts.Resilience.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health check of the <see cref="RefreshingCredentials"/> registered by <c>AddRefreshingCredentials</c> (or an unkeyed role).</summary>
public static class RefreshingCredentialsHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    /// <value>The value is <c>aws-credentials</c>.</value>
    public const string DefaultName = "aws-credentials";

    /// <summary>
    /// Adds a check that reads the credentials' status without contacting their source, whatever it is (role, web
    /// identity, container, instance metadata, static keys): <see cref="HealthStatus.Healthy"/> while the last refresh
    /// worked; <see cref="HealthStatus.Degraded"/> while refreshes fail but the cached credentials are still valid;
    /// <see cref="HealthStatus.Unhealthy"/> once they have expired or when none could ever be fetched. The data carry the
    /// source's name (<c>role</c>), expiry, last refresh, last error and backoff, and never a secret.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <see langword="null"/> for <see cref="DefaultName"/>.</param>
    /// <param name="failureStatus">What the check reports instead of <see cref="HealthStatus.Unhealthy"/>; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="timeout">How long the check may take; <see langword="null"/> for no limit (it reads a status only).</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRefreshingCredentialsCheck(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        Guard.NotNull(builder);
        return builder.Add(RefreshingRoleCredentialsHealthCheck.Registration(name ?? DefaultName, sp => sp.GetRequiredService<RefreshingCredentials>(), failureStatus, tags, timeout));
    }
}
