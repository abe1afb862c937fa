using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sts.Resilience;
using Sts.Resilience.DependencyInjection;
using Sts.Resilience.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health check of a <see cref="RefreshingRoleCredentials"/> registered by <c>AddRefreshingRoleCredentials</c>.</summary>
public static class RefreshingRoleCredentialsHealthChecksBuilderExtensions
{
    /// <summary>The name of the check for the unkeyed registration; a keyed one is named <c>aws-role-credentials:{key}</c>.</summary>
    /// <value>The value is <c>aws-role-credentials</c>.</value>
    public const string DefaultName = "aws-role-credentials";

    /// <summary>
    /// Adds a check that reads the credentials' status without calling STS: <see cref="HealthStatus.Healthy"/> while the
    /// last refresh worked; <see cref="HealthStatus.Degraded"/> while refreshes fail but the cached credentials are still
    /// valid (the description and the <c>time_left_seconds</c> data say for how long); <see cref="HealthStatus.Unhealthy"/>
    /// once they have expired or when none could ever be fetched. The data also carry the role, expiry, last refresh, last
    /// error and backoff, and never a secret.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <see langword="null"/> for <see cref="DefaultName"/> (with <c>:{key}</c> for a keyed registration).</param>
    /// <param name="failureStatus">What the check reports instead of <see cref="HealthStatus.Unhealthy"/>; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="timeout">How long the check may take; <see langword="null"/> for no limit (it reads a status and never calls STS).</param>
    /// <param name="serviceKey">The key of a keyed registration, or <see langword="null"/> for the unkeyed one.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRefreshingRoleCredentialsCheck(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null,
        object? serviceKey = null)
    {
        Guard.NotNull(builder);
        var key = serviceKey;
        var checkName = name ?? (key is null ? DefaultName : DefaultName + ":" + RefreshingRoleCredentialsRegistration.NameOf(key));
        return builder.Add(RefreshingRoleCredentialsHealthCheck.Registration(
            checkName,
            sp => key is null ? sp.GetRequiredService<RefreshingRoleCredentials>() : sp.GetRequiredKeyedService<RefreshingRoleCredentials>(key),
            failureStatus,
            tags,
            timeout));
    }
}
