using System.Runtime.ExceptionServices;
using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;

namespace Sts.Resilience;

public sealed partial class DefaultChainDecision
{
    private const string ProfileVariable = "AWS_PROFILE";
    private const string ProfileOption = nameof(RefreshingCredentialsChainOptions) + "." + nameof(RefreshingCredentialsChainOptions.Profile);

    /// <summary>The profile keys shown in <see cref="Settings"/> when the profile step is picked (secrets shown as <c>(set)</c>).</summary>
    private static readonly string[] ProfileKeysShown =
    [
        ProfileKeys.RoleArn, ProfileKeys.SourceProfile, ProfileKeys.CredentialSource, ProfileKeys.WebIdentityTokenFile, ProfileKeys.RoleSessionName,
        ProfileKeys.AccessKeyId, ProfileKeys.SecretAccessKey, ProfileKeys.SessionToken, ProfileKeys.CredentialProcess, "sso_session", "sso_start_url",
    ];

    /// <summary>
    /// The one decision: each step in the SDK v4 resolver's order (environment keys, web identity, profile, container,
    /// instance metadata), from <paramref name="environment"/> and the profile files only.
    /// </summary>
    internal static DefaultChainDecision Decide(CredentialEnvironment environment, RefreshingCredentialsChainOptions options)
    {
        Internal.Guard.NotNull(environment);
        Internal.Guard.NotNull(options);
        var skipped = new List<DefaultChainSkip>();
        var decision = EnvironmentKeysStep(environment, skipped) ?? WebIdentityStep(environment, skipped) ?? ProfileStep(environment, options, skipped);
        if (decision is not null)
        {
            return decision;
        }

        // The profile step was passed over: the later pick still names the profile it read.
        decision = ContainerStep(environment, skipped) ?? InstanceMetadataStep(environment, skipped);
        decision.ProfileName = ProfileNameRead(environment, options);
        return decision;
    }

    private static DefaultChainDecision? EnvironmentKeysStep(CredentialEnvironment environment, List<DefaultChainSkip> skipped)
    {
        var keyId = environment.Variable(EnvironmentKeys.AccessKeyIdVariable);
        var secretVariable = environment.Variable(EnvironmentKeys.SecretAccessKeyVariable) is not null ? EnvironmentKeys.SecretAccessKeyVariable
            : environment.Variable(EnvironmentKeys.LegacySecretKeyVariable) is not null ? EnvironmentKeys.LegacySecretKeyVariable
            : null;
        if (keyId is not null && secretVariable is not null)
        {
            var settings = new List<KeyValuePair<string, string>>
            {
                new(EnvironmentKeys.AccessKeyIdVariable, MaskKeyId(keyId)),
                new(secretVariable, SecretShown),
            };
            if (environment.Variable(EnvironmentKeys.SessionTokenVariable) is not null)
            {
                settings.Add(new(EnvironmentKeys.SessionTokenVariable, SecretShown));
            }

            return new DefaultChainDecision(DefaultChainSource.EnvironmentKeys, $"{EnvironmentKeys.AccessKeyIdVariable} and {secretVariable} are set", settings, skipped);
        }

        skipped.Add(Skip(DefaultChainSource.EnvironmentKeys, "Environment keys", environment, keyId is not null || secretVariable is not null, EnvironmentKeys.AccessKeyIdVariable, EnvironmentKeys.SecretAccessKeyVariable));
        return null;
    }

    /// <summary>Why web identity from the environment does not apply; <see langword="null"/> when both variables are set.</summary>
    internal static DefaultChainSkip? WebIdentitySkip(CredentialEnvironment environment)
    {
        var options = RefreshingWebIdentityCredentials.OptionsFromEnvironment(environment);
        return options.RoleArn.Length == 0 || options.WebIdentityTokenFile is null
            ? Skip(DefaultChainSource.WebIdentity, "Web identity", environment, options.RoleArn.Length > 0 || options.WebIdentityTokenFile is not null, RefreshingWebIdentityCredentials.RoleArnVariable, RefreshingWebIdentityCredentials.WebIdentityTokenFileVariable)
            : null;
    }

    private static DefaultChainDecision? WebIdentityStep(CredentialEnvironment environment, List<DefaultChainSkip> skipped)
    {
        if (WebIdentitySkip(environment) is { } skip)
        {
            skipped.Add(skip);
            return null;
        }

        var options = RefreshingWebIdentityCredentials.OptionsFromEnvironment(environment);

        var settings = new List<KeyValuePair<string, string>>
        {
            new(RefreshingWebIdentityCredentials.RoleArnVariable, options.RoleArn),
            new(RefreshingWebIdentityCredentials.WebIdentityTokenFileVariable, options.WebIdentityTokenFile!),
        };
        if (options.RoleSessionName is { } sessionName)
        {
            settings.Add(new(RefreshingWebIdentityCredentials.RoleSessionNameVariable, sessionName));
        }

        return new DefaultChainDecision(DefaultChainSource.WebIdentity, $"{RefreshingWebIdentityCredentials.RoleArnVariable} and {RefreshingWebIdentityCredentials.WebIdentityTokenFileVariable} are set", settings, skipped);
    }

    private static DefaultChainDecision? ProfileStep(CredentialEnvironment environment, RefreshingCredentialsChainOptions options, List<DefaultChainSkip> skipped)
    {
        var namedBy = options.Profile is not null ? ProfileOption : environment.Variable(ProfileVariable) is not null ? ProfileVariable : null;
        var explicitName = options.Profile ?? environment.Variable(ProfileVariable);
        var name = ProfileNameRead(environment, options);
        var settings = new List<KeyValuePair<string, string>>();
        if (namedBy is not null)
        {
            settings.Add(new(namedBy, explicitName!));
        }

        var pickedBecause = namedBy is null ? $"profile '{name}' exists" : $"profile '{name}' is named by {namedBy}";
        SharedProfileStore store;
        try
        {
            store = environment.LoadProfiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The chain stops here (the exception reaches FromDefaultChain's caller), so this is the pick, with the problem.
            return new DefaultChainDecision(DefaultChainSource.Profile, pickedBecause, settings, skipped)
            {
                ProfileName = name,
                ProfileKind = PickedProfile.Unreadable,
                ProfileReadFailure = ExceptionDispatchInfo.Capture(ex),
                Problem = $"The profile files cannot be read: {ex.Message}",
            };
        }

        if (!store.TryGetProfile(name, out var profile))
        {
            if (explicitName is not null)
            {
                // As in the SDK, a profile asked for by name that does not exist ends the search.
                return new DefaultChainDecision(DefaultChainSource.Profile, pickedBecause, settings, skipped)
                {
                    ProfileName = name,
                    ProfileKind = PickedProfile.Missing,
                    ProfileStore = store,
                    Problem = $"Profile '{name}' is not in {store.Locations.ConfigFilePath} or {store.Locations.CredentialsFilePath}.",
                };
            }

            skipped.Add(new DefaultChainSkip(DefaultChainSource.Profile, DefaultChainSkipReason.NotConfigured, $"Profile '{name}': not in {store.Locations.ConfigFilePath} or {store.Locations.CredentialsFilePath}.", []));
            return null;
        }

        PickedProfile kind;
        string? problem = null;
        if (RoleProfileResolver.ReadWebIdentity(profile) is not null)
        {
            kind = PickedProfile.WebIdentity;
        }
        else if (profile.Has(ProfileKeys.RoleArn))
        {
            kind = PickedProfile.Role;
        }
        else if (profile.TryGet(ProfileKeys.AccessKeyId, out _) || profile.Has(ProfileKeys.CredentialProcess) || profile.Has("sso_session") || profile.Has("sso_start_url"))
        {
            kind = PickedProfile.Credentials;
            if (!profile.TryGet(ProfileKeys.AccessKeyId, out _))
            {
                problem = UnsupportedProfileMessage(name, profile.Location);
            }
        }
        else
        {
            skipped.Add(new DefaultChainSkip(DefaultChainSource.Profile, DefaultChainSkipReason.NoCredentials, $"Profile '{name}' ({profile.Location}): holds no credentials.", []));
            return null;
        }

        foreach (var key in ProfileKeysShown)
        {
            if (profile.Get(key) is { Length: > 0 } value)
            {
                settings.Add(new(key, key switch
                {
                    ProfileKeys.AccessKeyId => MaskKeyId(value),
                    ProfileKeys.SecretAccessKey or ProfileKeys.SessionToken or ProfileKeys.CredentialProcess => SecretShown,
                    _ => value,
                }));
            }
        }

        return new DefaultChainDecision(DefaultChainSource.Profile, pickedBecause, settings, skipped)
        {
            ProfileName = name,
            ProfileKind = kind,
            ProfileStore = store,
            Problem = problem,
        };
    }

    /// <summary>Why a profile that gets its credentials from <c>credential_process</c> or SSO is not used by the chain.</summary>
    internal static string UnsupportedProfileMessage(string name, SourceLocation location) =>
        $"Profile '{name}' ({location}) gets its credentials from credential_process or SSO, which FromDefaultChain does not turn into refreshing credentials. "
        + "Use it as the source_profile of a role profile, or pass the AWS SDK's own credentials for it.";

    private static DefaultChainDecision? ContainerStep(CredentialEnvironment environment, List<DefaultChainSkip> skipped)
    {
        if (!RefreshingContainerCredentials.IsConfigured(environment.GetVariable))
        {
            skipped.Add(new DefaultChainSkip(DefaultChainSource.Container, DefaultChainSkipReason.NotConfigured, $"Container endpoint: neither {RefreshingContainerCredentials.RelativeUriVariable} nor {RefreshingContainerCredentials.FullUriVariable} is set.", []));
            return null;
        }

        // The SDK (and RefreshingContainerCredentials) take the relative URI when both are set.
        var uriVariable = environment.Variable(RefreshingContainerCredentials.RelativeUriVariable) is not null ? RefreshingContainerCredentials.RelativeUriVariable : RefreshingContainerCredentials.FullUriVariable;
        var uri = environment.Variable(uriVariable)!;
        var settings = new List<KeyValuePair<string, string>> { new(uriVariable, uri.Contains('@') ? SecretShown : uri) };
        if (environment.Variable(RefreshingContainerCredentials.AuthorizationTokenFileVariable) is { } tokenFile)
        {
            settings.Add(new(RefreshingContainerCredentials.AuthorizationTokenFileVariable, tokenFile));
        }

        if (environment.Variable(RefreshingContainerCredentials.AuthorizationTokenVariable) is not null)
        {
            settings.Add(new(RefreshingContainerCredentials.AuthorizationTokenVariable, SecretShown));
        }

        return new DefaultChainDecision(DefaultChainSource.Container, $"{uriVariable} is set", settings, skipped);
    }

    private static DefaultChainDecision InstanceMetadataStep(CredentialEnvironment environment, List<DefaultChainSkip> skipped)
    {
        if (!RefreshingInstanceProfileCredentials.IsEnabled(environment.GetVariable))
        {
            var value = environment.GetVariable(RefreshingInstanceProfileCredentials.DisabledVariable);
            skipped.Add(new DefaultChainSkip(DefaultChainSource.InstanceMetadata, DefaultChainSkipReason.Disabled, $"Instance metadata: turned off by {RefreshingInstanceProfileCredentials.DisabledVariable}={value}.", []));
            return new DefaultChainDecision(DefaultChainSource.None, "every step was passed over", [new(RefreshingInstanceProfileCredentials.DisabledVariable, value ?? string.Empty)], skipped);
        }

        var settings = new List<KeyValuePair<string, string>>();
        foreach (var variable in new[] { RefreshingInstanceProfileCredentials.EndpointVariable, RefreshingInstanceProfileCredentials.EndpointModeVariable })
        {
            if (environment.Variable(variable) is { } value)
            {
                settings.Add(new(variable, value));
            }
        }

        return new DefaultChainDecision(DefaultChainSource.InstanceMetadata, "no earlier step is configured; it is used only if instance metadata answers", settings, skipped);
    }

    /// <summary>The profile the profile step reads: the options', else <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    private static string ProfileNameRead(CredentialEnvironment environment, RefreshingCredentialsChainOptions options)
    {
        var explicitName = options.Profile ?? environment.Variable(ProfileVariable);
        return string.IsNullOrWhiteSpace(explicitName) ? "default" : explicitName!.Trim();
    }

    private static DefaultChainSkip Skip(DefaultChainSource source, string step, CredentialEnvironment environment, bool partly, params string[] variables)
    {
        var missing = variables.Where(v => environment.Variable(v) is null).ToArray();
        var message = $"{step}: {string.Join(" and ", missing)}{(missing.Length == 1 ? " is" : " are")} not set.";
        return new DefaultChainSkip(source, partly ? DefaultChainSkipReason.Incomplete : DefaultChainSkipReason.NotConfigured, message, partly ? missing : []);
    }
}
