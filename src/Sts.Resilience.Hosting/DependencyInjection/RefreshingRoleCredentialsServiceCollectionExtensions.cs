using System.Diagnostics.Metrics;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sts.Resilience;
using Sts.Resilience.Credentials;
using Sts.Resilience.DependencyInjection;
using Sts.Resilience.Diagnostics;
using Sts.Resilience.Internal;
using Sts.Resilience.Profiles;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="RefreshingRoleCredentials"/> in a service collection: one shared instance per role, used by
/// every <c>AddAWSService&lt;T&gt;()</c> client, with options validated at start, a warm-up at start, the expired-token
/// retry, and <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/> from the container.
/// </summary>
/// <remarks>
/// <para>
/// Calling a method twice for the same key registers nothing twice: the options configuration of both calls applies, in
/// order (so configuration bound by one call and code from a later call compose, code last).
/// </para>
/// <para>
/// The unkeyed registration also becomes <see cref="AWSOptions.Credentials"/>: the container's <see cref="AWSOptions"/> is
/// a copy of the one registered before the call (or, when there is none, of the <c>AWS</c> configuration section, as
/// AWSSDK.Extensions.NETCore.Setup reads it) with the credentials and without <c>SessionRoleArn</c>, <c>SessionName</c> and
/// <c>ExternalId</c>, which now describe the role these credentials assume. The instance you registered is not changed. Register <see cref="AWSOptions"/> before calling this method.
/// </para>
/// </remarks>
public static class RefreshingRoleCredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="RefreshingRoleCredentials"/> configured from the application's configuration: the
    /// <c>AWS</c> section keys <c>SessionRoleArn</c>, <c>SessionName</c>, <c>ExternalId</c>, <c>Profile</c> and <c>Region</c> (as
    /// AWSSDK.Extensions.NETCore.Setup users already write them), then the <c>AWS:AssumeRole</c> section, whose keys win
    /// and where an unknown key is an error.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddRefreshingRoleCredentials(this IServiceCollection services)
    {
        Guard.NotNull(services);
        return Add(services, key: null, "AWS (SessionRoleArn, SessionName, ExternalId, Profile, Region), then AWS:AssumeRole", builder => builder.Configure<IServiceProvider>(static (options, provider) =>
        {
            if (provider.GetService<IConfiguration>() is not { } configuration)
            {
                RefreshingRoleCredentialsConfiguration.AddError(
                    options,
                    "AddRefreshingRoleCredentials() reads IConfiguration, but the container has none: use a host builder, register IConfiguration, or call AddRefreshingRoleCredentials(options => ...).");
                return;
            }

            var aws = configuration.GetSection(RefreshingRoleCredentialsConfiguration.AwsSectionName);
            RefreshingRoleCredentialsConfiguration.ApplyAwsSection(options, aws);
            RefreshingRoleCredentialsConfiguration.Bind(options, aws.GetSection(RefreshingRoleCredentialsConfiguration.AssumeRoleSectionName));
        }));
    }

    /// <summary>Registers one <see cref="RefreshingRoleCredentials"/> configured in code; configuration is not read.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (role, source credentials, endpoint…).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddRefreshingRoleCredentials(this IServiceCollection services, Action<RefreshingRoleCredentialsOptions> configure)
    {
        Guard.NotNull(services);
        Guard.NotNull(configure);
        return Add(services, key: null, "code", builder => builder.Configure(configure));
    }

    /// <summary>
    /// Registers one <see cref="RefreshingRoleCredentials"/> bound from <paramref name="section"/> (its keys are the
    /// option names; an unknown key is an error). The <c>AWS</c> section is not read.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, for example <c>builder.Configuration.GetSection("Roles:Reader")</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddRefreshingRoleCredentials(this IServiceCollection services, IConfiguration section)
    {
        Guard.NotNull(services);
        Guard.NotNull(section);
        return Add(services, key: null, PathOf(section), builder => builder.Configure(options => RefreshingRoleCredentialsConfiguration.Bind(options, section)));
    }

    /// <summary>
    /// Registers a <see cref="RefreshingRoleCredentials"/> for a second role under <paramref name="key"/>, configured in
    /// code: resolve it with <c>[FromKeyedServices("audit")]</c>, or hand it to a client with
    /// <see cref="AddKeyedAWSServiceWithRoleCredentials{T}"/>. It is not put into <see cref="AWSOptions"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The service key, of any type as in Microsoft DI; its text (<c>ToString()</c>) is the options name (for <c>Configure&lt;RefreshingRoleCredentialsStartupOptions&gt;(name, …)</c>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="key"/> is empty.</exception>
    public static IServiceCollection AddKeyedRefreshingRoleCredentials(this IServiceCollection services, object key, Action<RefreshingRoleCredentialsOptions> configure)
    {
        Guard.NotNull(services);
        CheckKey(key);
        Guard.NotNull(configure);
        return Add(services, key, "code", builder => builder.Configure(configure));
    }

    /// <summary>
    /// Registers a <see cref="RefreshingRoleCredentials"/> for a second role under <paramref name="key"/>, bound from
    /// <paramref name="section"/> (an unknown key is an error).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The service key, of any type; its text is the options name.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="key"/> is empty.</exception>
    public static IServiceCollection AddKeyedRefreshingRoleCredentials(this IServiceCollection services, object key, IConfiguration section)
    {
        Guard.NotNull(services);
        CheckKey(key);
        Guard.NotNull(section);
        return Add(services, key, PathOf(section), builder => builder.Configure(options => RefreshingRoleCredentialsConfiguration.Bind(options, section)));
    }

    /// <summary>
    /// Registers the AWS service client <typeparamref name="T"/> under <paramref name="key"/>, signed with the
    /// <see cref="RefreshingRoleCredentials"/> registered under the same key by <c>AddKeyedRefreshingRoleCredentials</c>.
    /// Everything else (region, service URL, client settings) comes from the container's <see cref="AWSOptions"/>, or the
    /// <c>AWS</c> configuration section, as for <c>AddAWSService&lt;T&gt;()</c>.
    /// </summary>
    /// <typeparam name="T">The service interface, for example <c>IAmazonS3</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="key">The key of both the credentials and the client.</param>
    /// <param name="lifetime">The client's lifetime.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="key"/> is empty.</exception>
    public static IServiceCollection AddKeyedAWSServiceWithRoleCredentials<T>(this IServiceCollection services, object key, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where T : class, IAmazonService
    {
        Guard.NotNull(services);
        CheckKey(key);
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(T),
            key,
            (sp, _) =>
            {
                var credentials = sp.GetRequiredKeyedService<RefreshingRoleCredentials>(key);
                var options = AwsOptionsIntegration.CopyWithCredentials(AwsOptionsIntegration.ResolveBase(sp), credentials);
                EnableRetry(sp, RefreshingRoleCredentialsRegistration.NameOf(key));
                return options.CreateServiceClient<T>();
            },
            lifetime));
        return services;
    }

    /// <summary>
    /// Turns the expired-token retry on, with the container's logger and meter factories, for every AWS client built from now on
    /// (process-wide and idempotent), unless the registration's <see cref="RefreshingRoleCredentialsStartupOptions.RegisterExpiredTokenRetry"/>
    /// says not to. Called before the credentials and every client this registration builds exist.
    /// </summary>
    internal static void EnableRetry(IServiceProvider services, string name)
    {
        if (services.GetRequiredService<IOptionsMonitor<RefreshingRoleCredentialsStartupOptions>>().Get(name).RegisterExpiredTokenRetry)
        {
            ExpiredTokenRetry.Register(services.GetService<ILoggerFactory>(), services.GetService<IMeterFactory>());
        }
    }

    private static IServiceCollection Add(IServiceCollection services, object? key, string source, Action<OptionsBuilder<RefreshingRoleCredentialsOptions>> configure)
    {
        var registration = services
            .Where(d => d.ServiceType == typeof(RefreshingRoleCredentialsRegistration) && !d.IsKeyedService)
            .Select(d => (RefreshingRoleCredentialsRegistration)d.ImplementationInstance!)
            .FirstOrDefault(r => Equals(r.Key, key));
        var first = registration is null;
        registration ??= new RefreshingRoleCredentialsRegistration(key);
        lock (registration.Sources)
        {
            registration.Sources.Add(source);
        }

        var builder = services.AddOptions<RefreshingRoleCredentialsOptions>(registration.OptionsName);
        configure(builder);
        if (!first)
        {
            return services;
        }

        services.AddSingleton(registration);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RefreshingRoleCredentialsOptions>, RefreshingRoleCredentialsOptionsValidation>());
        services.AddOptions<RefreshingRoleCredentialsStartupOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RefreshingRoleCredentialsHostedService>());
        services.TryAddSingleton<SourceCredentialsHolder>();

        var name = registration.OptionsName;
        if (key is null)
        {
            services.TryAddSingleton(sp => Create(sp, name));
            RefreshingCredentialsServiceCollectionExtensions.AddShared(services);
        }
        else
        {
            services.TryAddKeyedSingleton(key, (sp, _) => Create(sp, name));
        }

        return services;
    }

    private static RefreshingRoleCredentials Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RefreshingRoleCredentialsOptions>>().Get(name);
        var meterFactory = services.GetService<IMeterFactory>();
        EnableRetry(services, name);
        if (options.SourceCredentials is null && options.Profile is null)
        {
            // No explicit source: the one AddRefreshingCredentials stands for (the default chain unless configured), ours
            // rather than the SDK's, built at the first AssumeRole call and tried again there if it is missing.
            var holder = services.GetRequiredService<SourceCredentialsHolder>();
            options = options.Clone();
            options.SourceCredentials = new DeferredAWSCredentials("the default chain (AddRefreshingCredentials)", () => holder.Credentials);
        }

        return RoleCredentialsFactory.Create(
            options,
            services.GetService<CredentialEnvironment>() ?? CredentialEnvironment.Process,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>(),
            stsClient: null,
            meterFactory is null ? null : CredentialsTelemetry.For(meterFactory));
    }

    private static void CheckKey(object key)
    {
        Guard.NotNull(key);
        if (key is string { Length: 0 })
        {
            throw new ArgumentException("The key must not be empty: use AddRefreshingRoleCredentials for the unkeyed registration.", nameof(key));
        }
    }

    private static string PathOf(IConfiguration section) =>
        (section as IConfigurationSection)?.Path is { Length: > 0 } path ? path : "the given configuration";
}
