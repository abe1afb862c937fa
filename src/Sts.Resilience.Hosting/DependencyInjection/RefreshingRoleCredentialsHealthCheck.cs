using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Reports any <see cref="RefreshingCredentials"/> (role, web identity, container, instance metadata, static keys) from its <see cref="RefreshingCredentials.Status"/>, without
/// calling STS: Healthy while the last refresh worked; Degraded while refreshes fail but the cached credentials are still
/// valid (with the time left); Unhealthy once they have expired, or when none could ever be fetched.
/// </summary>
internal sealed class RefreshingRoleCredentialsHealthCheck : IHealthCheck
{
    private readonly RefreshingCredentials _credentials;
    private readonly TimeProvider _time;

    public RefreshingRoleCredentialsHealthCheck(RefreshingCredentials credentials, TimeProvider time)
    {
        _credentials = credentials;
        _time = time;
    }

    /// <summary>
    /// The registration both builder extensions add (<c>AddRefreshingCredentialsCheck</c>, <c>AddRefreshingRoleCredentialsCheck</c>):
    /// the check for the credentials <paramref name="resolve"/> finds, on the container's <see cref="TimeProvider"/> (else the system clock).
    /// </summary>
    public static HealthCheckRegistration Registration(string name, Func<IServiceProvider, RefreshingCredentials> resolve, HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout) =>
        new(
            name,
            sp => new RefreshingRoleCredentialsHealthCheck(resolve(sp), (TimeProvider?)sp.GetService(typeof(TimeProvider)) ?? TimeProvider.System),
            failureStatus,
            tags,
            timeout);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = _credentials.Status;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["role"] = status.RoleArn,
            ["refresh_count"] = status.RefreshCount,
        };
        AddIfSet(data, "access_key_id_suffix", status.AccessKeyIdSuffix);
        AddIfSet(data, "expiration", status.Expiration);
        AddIfSet(data, "last_refresh", status.LastRefresh);
        AddIfSet(data, "last_error", status.LastError);
        AddIfSet(data, "backoff_until", status.BackoffUntil);

        if (status.Expiration is not { } expiration)
        {
            var never = status.LastError is { } firstError
                ? new HealthCheckResult(context.Registration.FailureStatus, $"No credentials for {status.RoleArn}: the first fetch failed: {firstError}", data: data)
                : HealthCheckResult.Degraded($"No credentials for {status.RoleArn} fetched yet.", data: data);
            return Task.FromResult(never);
        }

        // Expiration is in STS's clock; so is "now" once the learned skew is added.
        var timeLeft = expiration - (_time.GetUtcNow() + status.ClockSkew);
        data["time_left_seconds"] = Math.Round(timeLeft.TotalSeconds);
        var left = Describe(timeLeft);

        HealthCheckResult result;
        if (status.IsExpired || timeLeft <= TimeSpan.Zero)
        {
            result = new HealthCheckResult(
                context.Registration.FailureStatus,
                $"Credentials for {status.RoleArn} expired at {Format(expiration)} ({left} ago); last refresh error: {status.LastError ?? "none"}.",
                data: data);
        }
        else if (status.LastError is { } error || status.InBackoff)
        {
            var next = status.BackoffUntil is { } until ? $"; next attempt after {Format(until)}" : string.Empty;
            result = HealthCheckResult.Degraded(
                $"Refreshing credentials for {status.RoleArn} fails ({status.LastError ?? "in backoff"}); the cached credentials are still valid for {left}, until {Format(expiration)}{next}.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"Credentials for {status.RoleArn} are valid for {left}, until {Format(expiration)}.", data);
        }

        return Task.FromResult(result);
    }

    private static void AddIfSet(Dictionary<string, object> data, string key, object? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan span)
    {
        var abs = span.Duration();
        return abs.TotalHours >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0}h{1:00}m", (int)abs.TotalHours, abs.Minutes)
            : string.Format(CultureInfo.InvariantCulture, "{0}m{1:00}s", (int)abs.TotalMinutes, abs.Seconds);
    }
}
