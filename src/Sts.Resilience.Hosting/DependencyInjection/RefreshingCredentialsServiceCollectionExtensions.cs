using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sts.Resilience;
using Sts.Resilience.DependencyInjection;
using Sts.Resilience.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the process's AWS credentials as this package's <see cref="RefreshingCredentials"/>: found by
/// <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, Logging.ILoggerFactory?)"/>
/// (or the source the configuration key <c>Sts:Source</c> names), made the <see cref="AWSOptions.Credentials"/> of every
/// <c>AddAWSService&lt;T&gt;()</c> client, warmed up at start, with the expired-token retry.
/// </summary>
/// <remarks>
/// <para>
/// <c>Sts:Source</c> is <c>chain</c> (the default: environment keys, web identity, profile, container, instance metadata),
/// <c>web-identity</c> (<c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>), <c>container</c> (ECS, EKS Pod Identity),
/// <c>imds</c> (EC2), or <c>role</c> (the role registered by <c>AddRefreshingRoleCredentials</c>, whose source is then the chain).
/// </para>
/// <para>
/// With an unkeyed <c>AddRefreshingRoleCredentials</c> as well, the role is what <see cref="RefreshingCredentials"/> and
/// <see cref="AWSOptions.Credentials"/> resolve to, and the source found here signs its AssumeRole calls (unless its
/// options name <c>SourceCredentials</c> or a <c>Profile</c>).
/// </para>
/// </remarks>
public static class RefreshingCredentialsServiceCollectionExtensions
{
    /// <summary>The configuration key naming the source.</summary>
    /// <value>The value is <c>Sts:Source</c>.</value>
    public const string SourceConfigurationKey = SourceCredentialsHolder.SourceKey;

    /// <summary>
    /// Registers one <see cref="RefreshingCredentials"/> for the process, shared by every <c>AddAWSService&lt;T&gt;()</c>
    /// client through <see cref="AWSOptions.Credentials"/>. It is built at first use (or at start, by the warm-up);
    /// <see cref="RefreshingRoleCredentialsStartupOptions"/> (default name) says whether the warm-up runs and whether its
    /// failure stops the host.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the profile and changes the options of the source found (endpoints, windows…); <see langword="null"/> for none.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddRefreshingCredentials(this IServiceCollection services, Action<RefreshingCredentialsChainOptions>? configure = null)
    {
        Guard.NotNull(services);
        var options = services.AddOptions<RefreshingCredentialsChainOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<RefreshingRoleCredentialsStartupOptions>();
        AddShared(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RefreshingCredentialsHostedService>());
        return services;
    }

    /// <summary>
    /// Registers what <c>AddRefreshingCredentials</c> and an unkeyed <c>AddRefreshingRoleCredentials</c> share: the source
    /// holder, the unkeyed <see cref="RefreshingCredentials"/> (the role when one is registered), and the
    /// <see cref="AWSOptions"/> decorator.
    /// </summary>
    internal static void AddShared(IServiceCollection services)
    {
        services.TryAddSingleton<SourceCredentialsHolder>();
        services.TryAddSingleton(ResolveCredentials);
        AwsOptionsIntegration.Register(services);
    }

    private static RefreshingCredentials ResolveCredentials(IServiceProvider services)
    {
        var holder = services.GetRequiredService<SourceCredentialsHolder>();
        var role = services.GetServices<RefreshingRoleCredentialsRegistration>().Any(r => r.Key is null);
        if (role)
        {
            return services.GetRequiredService<RefreshingRoleCredentials>();
        }

        return holder.SourceName == "role"
            ? throw new InvalidOperationException(
                $"Configuration '{SourceConfigurationKey}' is 'role', but no role is registered: call AddRefreshingRoleCredentials() too.")
            : holder.Credentials;
    }
}
