using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Credentials;

/// <summary>
/// The search behind <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, ILoggerFactory?)"/>,
/// in the order of the AWS SDK for .NET v4's <c>DefaultAWSCredentialsIdentityResolver</c>: environment keys, web identity
/// from the environment, the profile, the container endpoint, instance metadata. Every refreshable source it returns is
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

    /// <summary>The same search with options already built (a host's <c>IOptions</c>).</summary>
    public static RefreshingCredentials Resolve(
        CredentialEnvironment environment,
        RefreshingCredentialsChainOptions options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory)
    {
        Internal.Guard.NotNull(environment);
        Internal.Guard.NotNull(options);
        var time = timeProvider ?? TimeProvider.System;
        var passedOver = new List<string>();
        RefreshingCredentials? found = FromEnvironmentKeys(environment, passedOver, time, loggerFactory);
        found ??= FromWebIdentityEnvironment(environment, options, passedOver, time, loggerFactory);
        found ??= FromProfile(environment, options, passedOver, time, loggerFactory);
        found ??= FromContainer(environment, options, passedOver, time, loggerFactory);
        found ??= FromInstanceMetadata(environment, options, passedOver, time, loggerFactory);
        return found ?? throw NothingFound(passedOver);
    }

    private static StaticRefreshingCredentials? FromEnvironmentKeys(CredentialEnvironment environment, List<string> passedOver, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        if (EnvironmentKeys.Read(environment) is { } keys)
        {
            return new StaticRefreshingCredentials(keys, "environment keys (" + EnvironmentKeys.AccessKeyIdVariable + ")", time, loggerFactory);
        }

        passedOver.Add($"Environment keys: {Missing(environment, EnvironmentKeys.AccessKeyIdVariable, EnvironmentKeys.SecretAccessKeyVariable)}.");
        return null;
    }

    /// <summary>Web identity from <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> (a host that names this source).</summary>
    /// <exception cref="ArgumentException">Thrown when the variables are not set.</exception>
    public static RefreshingWebIdentityCredentials WebIdentityFromEnvironment(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        var passedOver = new List<string>();
        return FromWebIdentityEnvironment(environment, chain, passedOver, timeProvider ?? TimeProvider.System, loggerFactory)
            ?? throw new ArgumentException(passedOver[0], nameof(environment));
    }

    private static RefreshingWebIdentityCredentials? FromWebIdentityEnvironment(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, List<string> passedOver, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var options = RefreshingWebIdentityCredentials.OptionsFromEnvironment(environment);
        if (options.RoleArn.Length == 0 || options.WebIdentityTokenFile is null)
        {
            passedOver.Add($"Web identity: {Missing(environment, RefreshingWebIdentityCredentials.RoleArnVariable, RefreshingWebIdentityCredentials.WebIdentityTokenFileVariable)}.");
            return null;
        }

        ApplyStsEnvironment(environment, options);
        chain.ConfigureWebIdentity?.Invoke(options);
        return new RefreshingWebIdentityCredentials(options, time, loggerFactory);
    }

    private static RefreshingCredentials? FromProfile(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, List<string> passedOver, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var explicitName = chain.Profile ?? environment.Variable("AWS_PROFILE");
        var name = string.IsNullOrWhiteSpace(explicitName) ? "default" : explicitName!.Trim();
        var store = environment.LoadProfiles();
        if (!store.TryGetProfile(name, out var profile))
        {
            if (explicitName is not null)
            {
                // As in the SDK, a profile asked for by name that does not exist ends the search (the resolver words it).
                RoleProfileResolver.Resolve(store, name);
            }

            passedOver.Add($"Profile '{name}': not in {store.Locations.ConfigFilePath} or {store.Locations.CredentialsFilePath}.");
            return null;
        }

        if (RoleProfileResolver.ReadWebIdentity(profile) is { } webIdentity)
        {
            return WebIdentityProfiles.Create(
                webIdentity,
                environment,
                o =>
                {
                    ApplyStsEnvironment(environment, o);
                    chain.ConfigureWebIdentity?.Invoke(o);
                },
                time,
                loggerFactory);
        }

        if (profile.Has(ProfileKeys.RoleArn))
        {
            var roleOptions = new RefreshingRoleCredentialsOptions { Profile = name };
            roleOptions.Region = Region(environment);
            roleOptions.ServiceUrl = environment.Variable(StsEndpointVariable);
            chain.ConfigureRole?.Invoke(roleOptions);
            return RoleCredentialsFactory.Create(roleOptions, environment, time, loggerFactory);
        }

        if (!profile.TryGet(ProfileKeys.AccessKeyId, out _) && !profile.Has(ProfileKeys.CredentialProcess) && !profile.Has("sso_session") && !profile.Has("sso_start_url"))
        {
            passedOver.Add($"Profile '{name}' ({profile.Location}): holds no credentials.");
            return null;
        }

        switch (RoleProfileResolver.ResolveSourceProfile(store, profile))
        {
            case StaticKeysSource keys:
                return new StaticRefreshingCredentials(keys.CreateCredentials(), $"static keys of profile '{name}'", time, loggerFactory);
            default:
                throw new ProfileConfigurationException(
                    $"Profile '{name}' ({profile.Location}) gets its credentials from credential_process or SSO, which FromDefaultChain does not turn into refreshing credentials. "
                    + "Use it as the source_profile of a role profile, or pass the AWS SDK's own credentials for it.");
        }
    }

    private static RefreshingContainerCredentials? FromContainer(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, List<string> passedOver, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        if (!RefreshingContainerCredentials.IsConfigured(environment.GetVariable))
        {
            passedOver.Add($"Container endpoint: neither {RefreshingContainerCredentials.RelativeUriVariable} nor {RefreshingContainerCredentials.FullUriVariable} is set.");
            return null;
        }

        var options = RefreshingContainerCredentials.OptionsFromEnvironment(environment.GetVariable, chain.ConfigureContainer);
        return new RefreshingContainerCredentials(options, time, loggerFactory);
    }

    private static RefreshingInstanceProfileCredentials? FromInstanceMetadata(CredentialEnvironment environment, RefreshingCredentialsChainOptions chain, List<string> passedOver, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        if (!RefreshingInstanceProfileCredentials.IsEnabled(environment.GetVariable))
        {
            passedOver.Add($"Instance metadata: turned off by {RefreshingInstanceProfileCredentials.DisabledVariable}={environment.GetVariable(RefreshingInstanceProfileCredentials.DisabledVariable)}.");
            return null;
        }

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
            passedOver.Add($"Instance metadata ({credentials.Endpoint}): {ex.Message}");
            credentials.Dispose();
            return null;
        }
    }

    private static void ApplyStsEnvironment(CredentialEnvironment environment, RefreshingWebIdentityCredentialsOptions options)
    {
        options.Region = Region(environment) ?? options.Region;
        options.ServiceUrl = environment.Variable(StsEndpointVariable) ?? options.ServiceUrl;
    }

    private static string? Region(CredentialEnvironment environment) => environment.Variable(RegionVariable) ?? environment.Variable(DefaultRegionVariable);

    private static string Missing(CredentialEnvironment environment, params string[] variables)
    {
        var missing = variables.Where(v => environment.Variable(v) is null).ToArray();
        return string.Join(" and ", missing) + (missing.Length == 1 ? " is" : " are") + " not set";
    }

    private static AmazonClientException NothingFound(List<string> passedOver)
    {
        var message = new StringBuilder("No AWS credentials were found. The default chain tried, in order:");
        for (var i = 0; i < passedOver.Count; i++)
        {
            message.Append(Environment.NewLine).Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(passedOver[i]);
        }

        return new AmazonClientException(message.ToString());
    }
}
