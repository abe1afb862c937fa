using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Builds, once, the credentials <c>AddRefreshingCredentials()</c> stands for (the source named by <c>Sts:Source</c>, or
/// the default chain) and the source of an <c>AddRefreshingRoleCredentials()</c> role given none; disposes them with the
/// container. A failed build (no source found yet) is not remembered: the next request tries again.
/// </summary>
internal sealed class SourceCredentialsHolder : IDisposable
{
    /// <summary>The configuration key naming the source: <c>chain</c> (the default), <c>role</c>, <c>web-identity</c>, <c>container</c> or <c>imds</c>.</summary>
    public const string SourceKey = "Sts:Source";

    private readonly IServiceProvider _services;
    private readonly object _gate = new();
    private RefreshingCredentials? _credentials;
    private bool _disposed;

    public SourceCredentialsHolder(IServiceProvider services)
    {
        _services = services;
    }

    /// <summary>Gets the source named in configuration, lower case; <c>chain</c> when none is.</summary>
    public string SourceName =>
        (_services.GetService<IConfiguration>()?[SourceKey] is { Length: > 0 } name ? name.Trim() : "chain").ToLowerInvariant();

    /// <summary>Gets the credentials of the configured source; for <c>role</c>, the role's own source (the default chain).</summary>
    /// <exception cref="InvalidOperationException">Thrown when <c>Sts:Source</c> names no known source.</exception>
    public RefreshingCredentials Credentials
    {
        get
        {
            if (Volatile.Read(ref _credentials) is { } built)
            {
                return built;
            }

            lock (_gate)
            {
#if NET
                ObjectDisposedException.ThrowIf(_disposed, this);
#else
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(SourceCredentialsHolder));
                }
#endif

                return _credentials ??= Build();
            }
        }
    }

    public void Dispose()
    {
        RefreshingCredentials? built;
        lock (_gate)
        {
            _disposed = true;
            built = _credentials;
        }

        built?.Dispose();
    }

    private RefreshingCredentials Build()
    {
        var environment = _services.GetService<CredentialEnvironment>() ?? CredentialEnvironment.Process;
        var chain = _services.GetService<IOptions<RefreshingCredentialsChainOptions>>()?.Value ?? new RefreshingCredentialsChainOptions();
        var time = _services.GetService<TimeProvider>();
        var loggerFactory = _services.GetService<ILoggerFactory>();
        var meterFactory = _services.GetService<IMeterFactory>();
        RefreshingRoleCredentialsServiceCollectionExtensions.EnableRetry(_services, Options.DefaultName);
        using (CredentialsTelemetry.Use(meterFactory is null ? null : CredentialsTelemetry.For(meterFactory)))
        {
            return SourceName switch
            {
                "chain" or "role" => DefaultCredentialChain.Resolve(environment, chain, time, loggerFactory),
                "web-identity" => DefaultCredentialChain.WebIdentityFromEnvironment(environment, chain, time, loggerFactory),
                "container" => new RefreshingContainerCredentials(RefreshingContainerCredentials.OptionsFromEnvironment(environment.GetVariable, chain.ConfigureContainer), time, loggerFactory),
                "imds" => new RefreshingInstanceProfileCredentials(RefreshingInstanceProfileCredentials.OptionsFromEnvironment(environment.GetVariable, chain.ConfigureInstanceProfile), time, loggerFactory),
                var other => throw new InvalidOperationException(
                    $"Configuration '{SourceKey}' is '{other}': use chain (the default), role, web-identity, container or imds."),
            };
        }
    }
}
