using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Warms every registered <see cref="RefreshingRoleCredentials"/> up while the host starts (failing the start, or logging,
/// as <see cref="RefreshingRoleCredentialsStartupOptions"/> says), and stops their background refresh when it stops.
/// The container disposes the instances themselves.
/// </summary>
internal sealed class RefreshingRoleCredentialsHostedService : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly RefreshingRoleCredentialsRegistration[] _registrations;
    private readonly IOptionsMonitor<RefreshingRoleCredentialsStartupOptions> _startupOptions;
    private readonly ILogger _logger;
    private readonly List<RefreshingRoleCredentials> _started = [];

    public RefreshingRoleCredentialsHostedService(
        IServiceProvider services,
        IEnumerable<RefreshingRoleCredentialsRegistration> registrations,
        IOptionsMonitor<RefreshingRoleCredentialsStartupOptions> startupOptions,
        ILoggerFactory? loggerFactory = null)
    {
        _services = services;
        _registrations = registrations.ToArray();
        _startupOptions = startupOptions;
        _logger = (ILogger?)loggerFactory?.CreateLogger(DependencyInjectionLog.Category) ?? NullLogger.Instance;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_registrations.Any(r => r.Key is null) && _services.GetService<AWSOptions>() is { } awsOptions
            && awsOptions.Credentials is not RefreshingCredentials)
        {
            DependencyInjectionLog.AwsOptionsNotOurs(_logger);
        }

        var warmUps = new List<Task>();
        foreach (var registration in _registrations)
        {
            // Resolved even without a warm-up, so that StopAsync reaches every instance; options were validated before this.
            var credentials = Resolve(registration);
            lock (_started)
            {
                _started.Add(credentials);
            }

            var startup = _startupOptions.Get(registration.OptionsName);
            if (startup.WarmUp)
            {
                warmUps.Add(WarmUpAsync(registration, credentials, startup.FailStartupOnError, cancellationToken));
            }
        }

        await Task.WhenAll(warmUps).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        RefreshingRoleCredentials[] started;
        lock (_started)
        {
            started = [.. _started];
        }

        foreach (var credentials in started)
        {
            credentials.StopBackgroundRefresh();
        }

        return Task.CompletedTask;
    }

    private RefreshingRoleCredentials Resolve(RefreshingRoleCredentialsRegistration registration) =>
        registration.Key is null
            ? _services.GetRequiredService<RefreshingRoleCredentials>()
            : _services.GetRequiredKeyedService<RefreshingRoleCredentials>(registration.Key);

    private Task WarmUpAsync(RefreshingRoleCredentialsRegistration registration, RefreshingRoleCredentials credentials, bool failStartup, CancellationToken cancellationToken)
    {
        var name = registration.Key is null ? "default registration" : $"key '{registration.Key}'";
        return CredentialsWarmUp.RunAsync(
            credentials,
            new WarmUpTarget(credentials.RoleArn, "for role " + credentials.RoleArn, name, "the role or its source credentials"),
            failStartup,
            _logger,
            cancellationToken);
    }
}
