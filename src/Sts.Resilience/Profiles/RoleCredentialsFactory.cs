using Amazon.SecurityToken;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Builds <see cref="RefreshingRoleCredentials"/> from options: when <see cref="RefreshingRoleCredentialsOptions.Profile"/>
/// is set, the profile files are read here (not in the front's constructor) and turned into the last role's options plus
/// the hops the front owns; the STS client of the front comes from the <see cref="CredentialEnvironment"/>.
/// </summary>
internal static class RoleCredentialsFactory
{
    /// <summary>Resolves <paramref name="options"/> (validated) into what the front is built from.</summary>
    public static ProfileChainPlan Plan(RefreshingRoleCredentialsOptions options, CredentialEnvironment environment, TimeProvider time, ILoggerFactory? loggerFactory) =>
        options.Profile is null
            ? ProfileChainPlan.Direct(options.Clone())
            : ProfileChainBuilder.Build(options, environment, time, loggerFactory);

    /// <summary>Creates the front for <paramref name="options"/> in <paramref name="environment"/>.</summary>
    /// <exception cref="ArgumentException">Thrown when the options are invalid.</exception>
    /// <exception cref="ProfileConfigurationException">Thrown when the profile cannot be used.</exception>
    public static RefreshingRoleCredentials Create(
        RefreshingRoleCredentialsOptions options,
        CredentialEnvironment environment,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IAmazonSecurityTokenService? stsClient = null,
        CredentialsTelemetry? telemetry = null)
    {
        Internal.Guard.NotNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var plan = Plan(options, environment, time, loggerFactory);
        try
        {
            return new RefreshingRoleCredentials(plan, source: null, stsClient ?? environment.StsClientFactory?.Invoke(plan.Options), time, loggerFactory, timings: null, telemetry);
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    /// <summary>What <see cref="RefreshingRoleCredentials.FromProfile"/> does, in <paramref name="environment"/>.</summary>
    public static RefreshingRoleCredentials FromProfile(
        string? profileName,
        Action<RefreshingRoleCredentialsOptions>? configure,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        CredentialEnvironment environment)
    {
        var options = new RefreshingRoleCredentialsOptions
        {
            Profile = string.IsNullOrWhiteSpace(profileName) ? environment.DefaultProfileName : profileName,
        };
        configure?.Invoke(options);
        return Create(options, environment, timeProvider, loggerFactory);
    }
}
