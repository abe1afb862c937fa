using Microsoft.Extensions.Logging;
using Sts.Resilience.Profiles;
using Sts.Resilience.Credentials;
using Sts.Resilience.Engine;

namespace Sts.Resilience;

public sealed partial class RefreshingRoleCredentials
{
    private readonly ProfileChainPlan _profilePlan;

    /// <summary>
    /// Creates credentials for a role profile of the shared AWS config files, the way the AWS CLI reads it:
    /// <c>role_arn</c> with <c>source_profile</c> or <c>credential_source</c> (<c>Environment</c>,
    /// <c>Ec2InstanceMetadata</c>, <c>EcsContainer</c>), <c>role_session_name</c>, <c>external_id</c>, <c>mfa_serial</c>,
    /// <c>duration_seconds</c> and <c>region</c>. Each role of a <c>source_profile</c> chain becomes its own refreshing
    /// hop with one long-lived STS client. The files are read now; no STS call is made until credentials are asked for.
    /// </summary>
    /// <param name="profileName">The profile; <see langword="null"/> for <c>AWS_PROFILE</c>, or <c>default</c>.</param>
    /// <param name="configure">Changes further options (for example <see cref="RefreshingRoleCredentialsOptions.UseCliCache"/>,
    /// <see cref="RefreshingRoleCredentialsOptions.MfaTokenCodeProvider"/>, <see cref="RefreshingRoleCredentialsOptions.ServiceUrl"/>);
    /// options set here win over the profile's keys.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <returns>Credentials for the profile's role; dispose them to stop their timers and STS clients.</returns>
    /// <exception cref="ProfileConfigurationException">Thrown when the profile does not exist or cannot be used; the message names the profile, the file, the line and the key.</exception>
    /// <exception cref="ArgumentException">Thrown when the resulting options are invalid.</exception>
    public static RefreshingRoleCredentials FromProfile(
        string? profileName = null,
        Action<RefreshingRoleCredentialsOptions>? configure = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        return RoleCredentialsFactory.FromProfile(profileName, configure, timeProvider, loggerFactory, CredentialEnvironment.Process);
    }

    /// <summary>The profile chain this instance was built from, or <see langword="null"/>.</summary>
    internal RoleProfileChain? ProfileChain => _profilePlan.Chain;

    /// <summary>The inner hops of the profile chain this instance owns (empty without a profile).</summary>
    internal IReadOnlyList<IDisposable> ProfileHops => _profilePlan.OwnedHops;

    /// <summary>The CLI cache entry this instance reads and writes, or <see langword="null"/> without <see cref="RefreshingRoleCredentialsOptions.UseCliCache"/>.</summary>
    internal string? CliCacheEntryPath => (_source as CliCacheCredentialSource)?.EntryPath;

    private static ICredentialSource WithCliCache(ICredentialSource source, RefreshingRoleCredentialsOptions options, CliCacheKeyArguments key, TimeProvider stsTime, ILoggerFactory? loggerFactory, ILogger logger)
    {
        if (!options.UseCliCache)
        {
            return source;
        }

        var cache = new CliSessionCache(options.CliCacheDirectory, stsTime, loggerFactory?.CreateLogger<CliSessionCache>());
        return new CliCacheCredentialSource(source, cache, key, stsTime, logger);
    }
}
