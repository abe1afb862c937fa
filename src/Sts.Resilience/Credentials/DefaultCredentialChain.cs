using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Credentials;

/// <summary>
/// The search behind <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, ILoggerFactory?)"/>,
/// in the order of the AWS SDK for .NET v4's <c>DefaultAWSCredentialsIdentityResolver</c>: environment keys, web identity
/// from the environment, the profile, the container endpoint, instance metadata. Which step applies is decided once, by
/// <see cref="DefaultChainDecision"/> (the public answer to "what would the chain pick, and why"); this class builds the
/// source that decision picks. Every refreshable source it returns is
/// one of this package's fronts; static keys come back as <see cref="StaticRefreshingCredentials"/>. Everything is read
/// through a <see cref="CredentialEnvironment"/>, so tests never touch the process's variables.
/// </summary>
internal static class DefaultCredentialChain
{
    private const string RegionVariable = "AWS_REGION";
    private const string DefaultRegionVariable = "AWS_DEFAULT_REGION";
    private const string StsEndpointVariable = "AWS_ENDPOINT_URL_STS";

    /// <summary>Finds the first source that is configured and returns it.</summary>
    /// <exception cref="AmazonClientException">Thrown when no source is configured; the message lists each step and why it was passed over.</exception>
    /// <exception cref="ProfileConfigurationException">Thrown when the profile named by <c>AWS_PROFILE</c> (or the options) does not exist, or a profile with credential settings cannot be used.</exception>
    /// <exception cref="ArgumentException">Thrown when a source is configured with invalid values (for example a container URI on a host that is not allowed).</exception>
    public static RefreshingCredentials Resolve(
        CredentialEnvironment environment,
        Action<RefreshingCredentialsChainOptions>? configure,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory)
    {
        var options = new RefreshingCredentialsChainOptions();
        configure?.Invoke(options);
        return Resolve(environment, options, timeProvider, loggerFactory);
    }

    /// <summary>The same search with options already built (a host's <c>IOptions</c>): the one decision, then the source it picks.</summary>
    public static RefreshingCredentials Resolve(
        CredentialEnvironment environment,
        RefreshingCredentialsChainOptions options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory)
    {
        Internal.Guard.NotNull(environment);
        Internal.Guard.NotNull(options);
        var time = timeProvider ?? TimeProvider.System;
        var decision = DefaultChainDecision.Decide(environment, options);
        return decision.Source switch
        {
            DefaultChainSource.EnvironmentKeys => new StaticRefreshingCredentials(EnvironmentKeys.Read(environment)!, "environment keys (" + EnvironmentKeys.AccessKeyIdVariable + ")", time, loggerFactory),
            DefaultChainSource.WebIdentity => CreateWebIdentity(environment, options, time, loggerFactory),
            DefaultChainSource.Profile => FromProfile(decision, environment, options, time, loggerFactory),
            DefaultChainSource.Container => new RefreshingContainerCredentials(RefreshingContainerCredentials.OptionsFromEnvironment(environment.GetVariable, options.ConfigureContainer), time, loggerFactory),
            DefaultChainSource.InstanceMetadata => FromInstanceMetadata(decision, environment, options, time, loggerFactory),
            _ => throw NothingFound(decision.Skipped.Select(s => s.Message)),
        };
    }

    /// <summary>Web identity from <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> (a host that names this source).</summary>
    /// <exception cref="ArgumentException">Thrown when the variables are not set.</exception>
    public static RefreshingWebIdentityCredentials WebIdentityFromEnvironment(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        if (DefaultChainDecision.WebIdentitySkip(environment) is { } skipped)
        {
            throw new ArgumentException(skipped.Message, nameof(environment));
        }

        return CreateWebIdentity(environment, chain, timeProvider ?? TimeProvider.System, loggerFactory);
    }

    private static RefreshingWebIdentityCredentials CreateWebIdentity(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var options = RefreshingWebIdentityCredentials.OptionsFromEnvironment(environment);
        ApplyStsEnvironment(environment, options);
        chain.ConfigureWebIdentity?.Invoke(options);
        return new RefreshingWebIdentityCredentials(options, time, loggerFactory);
    }

    private static RefreshingCredentials FromProfile(DefaultChainDecision decision, CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var name = decision.ProfileName!;
        decision.ProfileReadFailure?.Throw();
        var store = decision.ProfileStore!;
        if (!store.TryGetProfile(name, out var profile))
        {
            // A profile asked for by name that does not exist ends the search; the resolver words the error.
            RoleProfileResolver.Resolve(store, name);
            throw new ProfileConfigurationException(decision.Problem!);
        }

        switch (decision.ProfileKind)
        {
            case DefaultChainDecision.PickedProfile.WebIdentity:
                return WebIdentityProfiles.Create(
                    RoleProfileResolver.ReadWebIdentity(profile)!,
                    environment,
                    o =>
                    {
                        ApplyStsEnvironment(environment, o);
                        chain.ConfigureWebIdentity?.Invoke(o);
                    },
                    time,
                    loggerFactory);
            case DefaultChainDecision.PickedProfile.Role:
                var roleOptions = new RefreshingRoleCredentialsOptions { Profile = name };
                roleOptions.Region = Region(environment);
                roleOptions.ServiceUrl = environment.Variable(StsEndpointVariable);
                chain.ConfigureRole?.Invoke(roleOptions);
                return RoleCredentialsFactory.Create(roleOptions, environment, time, loggerFactory);
            default:
                return RoleProfileResolver.ResolveSourceProfile(store, profile) is StaticKeysSource keys
                    ? new StaticRefreshingCredentials(keys.CreateCredentials(), $"static keys of profile '{name}'", time, loggerFactory)
                    : throw new ProfileConfigurationException(DefaultChainDecision.UnsupportedProfileMessage(name, profile.Location));
        }
    }

    private static RefreshingInstanceProfileCredentials FromInstanceMetadata(DefaultChainDecision decision, CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var options = RefreshingInstanceProfileCredentials.OptionsFromEnvironment(environment.GetVariable, chain.ConfigureInstanceProfile);
        var credentials = new RefreshingInstanceProfileCredentials(options, time, loggerFactory);
        try
        {
            // As the SDK does: instance metadata is the last resort, so it is only picked when it answers.
            credentials.GetCredentials();
            return credentials;
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException)
        {
            credentials.Dispose();
            throw NothingFound(decision.Skipped.Select(s => s.Message).Append($"Instance metadata ({credentials.Endpoint}): {ex.Message}"));
        }
    }

    private static void ApplyStsEnvironment(CredentialEnvironment environment, RefreshingWebIdentityCredentialsOptions options)
    {
        options.Region = Region(environment) ?? options.Region;
        options.ServiceUrl = environment.Variable(StsEndpointVariable) ?? options.ServiceUrl;
    }

    private static string? Region(CredentialEnvironment environment) => environment.Variable(RegionVariable) ?? environment.Variable(DefaultRegionVariable);

    private static AmazonClientException NothingFound(IEnumerable<string> passedOver)
    {
        var message = new StringBuilder("No AWS credentials were found. The default chain tried, in order:");
        var step = 0;
        foreach (var reason in passedOver)
        {
            message.Append(Environment.NewLine).Append((++step).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(reason);
        }

        return new AmazonClientException(message.ToString());
    }
}
