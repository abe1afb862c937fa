using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Warms up the credentials <c>AddRefreshingCredentials()</c> registered while the host starts (unless they are a role
/// registered by <c>AddRefreshingRoleCredentials</c>, which its own hosted service warms up), as
/// <see cref="RefreshingRoleCredentialsStartupOptions"/> says, and stops their background refresh when the host stops.
/// </summary>
internal sealed class RefreshingCredentialsHostedService : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<RefreshingRoleCredentialsStartupOptions> _startupOptions;
    private readonly ILogger _logger;
    private RefreshingCredentials? _started;

    public RefreshingCredentialsHostedService(IServiceProvider services, IOptionsMonitor<RefreshingRoleCredentialsStartupOptions> startupOptions, ILoggerFactory? loggerFactory = null)
    {
        _services = services;
        _startupOptions = startupOptions;
        _logger = (ILogger?)loggerFactory?.CreateLogger(DependencyInjectionLog.Category) ?? NullLogger.Instance;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var startup = _startupOptions.Get(Options.DefaultName);
        RefreshingCredentials credentials;
        try
        {
            credentials = _services.GetRequiredService<RefreshingCredentials>();
        }
        catch (Exception ex) when (!startup.FailStartupOnError && ex is not OperationCanceledException)
        {
            DependencyInjectionLog.WarmUpFailed(_logger, "the default chain", "AddRefreshingCredentials", ex.GetType().Name + ": " + ex.Message);
            return;
        }

        if (credentials is RefreshingRoleCredentials)
        {
            return;
        }

        _started = credentials;
        if (!startup.WarmUp)
        {
            return;
        }

        var name = credentials.Status.RoleArn;
        await CredentialsWarmUp.RunAsync(
            credentials,
            new WarmUpTarget(name, "from " + name, "AddRefreshingCredentials", "the source"),
            startup.FailStartupOnError,
            _logger,
            cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started?.StopBackgroundRefresh();
        return Task.CompletedTask;
    }
}
