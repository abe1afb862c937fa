using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Makes the registered <see cref="RefreshingCredentials"/> (the unkeyed role, else the source of <c>AddRefreshingCredentials</c>) the <see cref="AWSOptions.Credentials"/> that
/// AWSSDK.Extensions.NETCore.Setup gives every <c>AddAWSService&lt;T&gt;()</c> client.
/// </summary>
/// <remarks>
/// AWSSDK.Extensions.NETCore.Setup 4.0 takes <see cref="AWSOptions"/> from the container, or else reads the <c>AWS</c>
/// configuration section itself, and wraps <see cref="AWSOptions.Credentials"/> in a new <c>AssumeRoleAWSCredentials</c>
/// per client whenever <see cref="AWSOptions.SessionRoleArn"/> is set. So the options handed to it carry our instance and
/// no <c>SessionRoleArn</c> (that role is ours now): one credential and one STS session for all clients.
/// </remarks>
internal static class AwsOptionsIntegration
{
    public static void Register(IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(AWSOptions) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        var existing = index >= 0 ? services[index] : null;
        if (existing?.ImplementationFactory?.Target is Decorator)
        {
            return;
        }

        var decorator = new Decorator(existing);
        var descriptor = ServiceDescriptor.Describe(typeof(AWSOptions), decorator.Create, existing?.Lifetime ?? ServiceLifetime.Singleton);
        if (existing is null)
        {
            services.Add(descriptor);
        }
        else
        {
            services[index] = descriptor;
        }
    }

    /// <summary>The options an <c>AddAWSService</c> client would have been built with, without our credentials.</summary>
    public static AWSOptions ResolveBase(IServiceProvider services) =>
        services.GetService<AWSOptions>() ?? services.GetService<IConfiguration>()?.GetAWSOptions() ?? new AWSOptions();

    /// <summary>Returns <paramref name="options"/> with <paramref name="credentials"/> and without the SDK's own assume-role keys.</summary>
    private static AWSOptions WithCredentials(AWSOptions options, RefreshingCredentials credentials)
    {
        options.Credentials = credentials;
        options.SessionRoleArn = null;
        options.SessionName = null;
        options.ExternalId = null;
        return options;
    }

    /// <summary>A copy of <paramref name="source"/> carrying <paramref name="credentials"/>; <paramref name="source"/> is not changed.</summary>
    public static AWSOptions CopyWithCredentials(AWSOptions source, RefreshingCredentials credentials)
    {
        var copy = new AWSOptions
        {
            Profile = source.Profile,
            ProfilesLocation = source.ProfilesLocation,
            Region = source.Region,
            DefaultConfigurationMode = source.DefaultConfigurationMode,
            Logging = source.Logging,
        };

        // DefaultClientConfig has no setter: copy its settings (ServiceURL, AuthenticationRegion, timeouts…) one by one.
        foreach (var property in typeof(DefaultClientConfig).GetProperties())
        {
            if (property.CanRead && property.CanWrite && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(copy.DefaultClientConfig, property.GetValue(source.DefaultClientConfig));
            }
        }

        foreach (var setting in source.DefaultClientConfig.ServiceSpecificSettings)
        {
            copy.DefaultClientConfig.ServiceSpecificSettings[setting.Key] = setting.Value;
        }

        return WithCredentials(copy, credentials);
    }

    private sealed class Decorator
    {
        private readonly ServiceDescriptor? _inner;

        public Decorator(ServiceDescriptor? inner)
        {
            _inner = inner;
        }

        public AWSOptions Create(IServiceProvider services)
        {
            var options = _inner switch
            {
                null => services.GetService<IConfiguration>()?.GetAWSOptions() ?? new AWSOptions(),
                { ImplementationInstance: AWSOptions instance } => instance,
                { ImplementationFactory: { } factory } => (AWSOptions)factory(services),
                { ImplementationType: { } type } => (AWSOptions)ActivatorUtilities.CreateInstance(services, type),
                _ => new AWSOptions(),
            };

            RefreshingRoleCredentialsServiceCollectionExtensions.EnableRetry(services, Microsoft.Extensions.Options.Options.DefaultName);

            // A copy: the instance the user registered (and may hold or share) keeps its own settings.
            return CopyWithCredentials(options, services.GetRequiredService<RefreshingCredentials>());
        }
    }
}
