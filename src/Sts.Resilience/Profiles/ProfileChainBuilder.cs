using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Profiles;

/// <summary>
/// What <see cref="ProfileChainBuilder"/> made of <see cref="RefreshingRoleCredentialsOptions.Profile"/>: the options of
/// the last role (with <see cref="RefreshingRoleCredentialsOptions.SourceCredentials"/> set to the hop before it), the
/// hops it owns, and the AWS CLI cache key of the last role.
/// </summary>
internal sealed class ProfileChainPlan : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;

    public ProfileChainPlan(RefreshingRoleCredentialsOptions options, CliCacheKeyArguments cacheKey, RoleProfileChain? chain, IReadOnlyList<IDisposable> owned)
    {
        Options = options;
        CacheKey = cacheKey;
        Chain = chain;
        _owned = owned;
    }

    /// <summary>A plan for options without a profile: the options themselves, no hops.</summary>
    public static ProfileChainPlan Direct(RefreshingRoleCredentialsOptions options) =>
        new(options, ProfileChainBuilder.CacheKeyFor(options, explicitDuration: null), null, Array.Empty<IDisposable>());

    /// <summary>The last role's options; <see cref="RefreshingRoleCredentialsOptions.Profile"/> is cleared.</summary>
    public RefreshingRoleCredentialsOptions Options { get; }

    public CliCacheKeyArguments CacheKey { get; }

    /// <summary>The resolved profile chain, or <see langword="null"/> when the profile only supplied source credentials without a role.</summary>
    public RoleProfileChain? Chain { get; }

    /// <summary>The earlier hops, in order (tests and the doctor look at them).</summary>
    public IReadOnlyList<IDisposable> OwnedHops => _owned;

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }
}

/// <summary>
/// Turns a profile into a chain of <see cref="RefreshingRoleCredentials"/>: each role of the <c>source_profile</c>
/// chain is a hop with its own long-lived STS client over the previous hop's credentials, so every hop refreshes on
/// its own schedule. The profile's <c>duration_seconds</c> (which the AWS SDK for .NET ignores) is honoured.
/// </summary>
internal static class ProfileChainBuilder
{
    public static ProfileChainPlan Build(RefreshingRoleCredentialsOptions options, CredentialEnvironment environment, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
    {
        Internal.Guard.NotNull(options);
        Internal.Guard.NotNull(environment);
        var profileName = string.IsNullOrWhiteSpace(options.Profile) ? environment.DefaultProfileName : options.Profile!;
        var store = environment.LoadProfiles();
        var context = new ChainContext(options, environment, timeProvider, loggerFactory);
        var owned = new List<IDisposable>();
        try
        {
            if (!string.IsNullOrWhiteSpace(options.RoleArn))
            {
                // The profile only says where the source credentials come from.
                var source = SourceFromProfile(store, profileName, context, owned);
                var final = Finish(options, source);
                return new ProfileChainPlan(final, CacheKeyFor(final, explicitDuration: null), null, owned);
            }

            var chain = RoleProfileResolver.Resolve(store, profileName);
            var credentials = BuildChain(chain, chain.Hops.Count - 1, context, owned);
            var target = chain.Target;
            var finalOptions = Finish(options, credentials);
            finalOptions.RoleArn = target.RoleArn;
            finalOptions.RoleSessionName = options.RoleSessionName ?? target.RoleSessionName;
            finalOptions.ExternalId = options.ExternalId ?? target.ExternalId;
            finalOptions.Region = options.Region ?? target.Region;

            // A duration set in code wins; otherwise the profile's duration_seconds (the SDK drops it).
            int? explicitDuration = null;
            if (options.Duration != RefreshingRoleCredentialsDefaults.Duration)
            {
                explicitDuration = (int)options.Duration.TotalSeconds;
            }
            else if (target.DurationSeconds is { } seconds)
            {
                finalOptions.Duration = TimeSpan.FromSeconds(seconds);
                explicitDuration = seconds;
            }

            ApplyMfa(finalOptions, options, target);
            ValidateFromProfile(finalOptions, target);
            return new ProfileChainPlan(finalOptions, CacheKeyFor(finalOptions, explicitDuration), chain, owned);
        }
        catch
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The CLI's cache key for the options: only what the user chose counts (a generated session name or the default
    /// duration is left out, as the CLI leaves them out); arguments the CLI never sends for a profile are added under
    /// their own names so a session with other policies or tags is never shared.
    /// </summary>
    public static CliCacheKeyArguments CacheKeyFor(RefreshingRoleCredentialsOptions options, int? explicitDuration)
    {
        Internal.Guard.NotNull(options);
        int? duration = explicitDuration;
        if (duration is null && options.Duration != RefreshingRoleCredentialsDefaults.Duration)
        {
            duration = (int)options.Duration.TotalSeconds;
        }

        return new CliCacheKeyArguments(options.RoleArn)
        {
            RoleSessionName = options.RoleSessionName,
            ExternalId = options.ExternalId,
            SerialNumber = options.MfaSerialNumber,
            DurationSeconds = duration,
            Policy = options.Policy,
            PolicyArns = options.PolicyArns.Count == 0 ? null : options.PolicyArns.ToArray(),
            Tags = options.Tags.Count == 0 ? null : new Dictionary<string, string>(options.Tags, StringComparer.Ordinal),
            TransitiveTagKeys = options.TransitiveTagKeys.Count == 0 ? null : options.TransitiveTagKeys.ToArray(),
            SourceIdentity = options.SourceIdentity,
        };
    }

    private static AWSCredentials BuildChain(RoleProfileChain chain, int hopsBeforeTarget, ChainContext context, List<IDisposable> owned)
    {
        var options = context.Options;
        var credentials = CreateSourceCredentials(chain.Source, chain.Files, context, owned);
        var region = options.Region ?? chain.Target.Region;
        for (var i = 0; i < hopsBeforeTarget; i++)
        {
            var hop = chain.Hops[i];
            var hopOptions = new RefreshingRoleCredentialsOptions
            {
                RoleArn = hop.RoleArn,
                RoleSessionName = hop.RoleSessionName,
                ExternalId = hop.ExternalId,
                Duration = hop.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : RefreshingRoleCredentialsDefaults.Duration,
                SourceCredentials = credentials,
                Region = region ?? hop.Region,
                ServiceUrl = options.ServiceUrl,
                StsTimeout = options.StsTimeout,

                // An inner hop is asked for credentials only when the next hop calls STS; a timer would add nothing.
                BackgroundRefresh = false,
            };
            ApplyMfa(hopOptions, options, hop);
            ValidateFromProfile(hopOptions, hop);
            var hopCredentials = new RefreshingRoleCredentials(
                ProfileChainPlan.Direct(hopOptions), source: null, context.Environment.StsClientFactory?.Invoke(hopOptions), context.Time, context.LoggerFactory, timings: null, telemetry: null);
            owned.Add(hopCredentials);
            credentials = hopCredentials;
        }

        return credentials;
    }

    /// <summary>
    /// A profile's role settings that STS would refuse (a role_arn that is no role ARN, a session name with spaces) are
    /// a problem in the file: reported as such, with the profile and line, not as invalid options the caller never wrote
    /// (found by ProfileParsingPropertyTests).
    /// </summary>
    private static void ValidateFromProfile(RefreshingRoleCredentialsOptions hopOptions, RoleHop hop)
    {
        var errors = RefreshingRoleCredentialsOptionsValidator.GetErrors(hopOptions);
        if (errors.Count > 0)
        {
            throw new ProfileConfigurationException(
                ProfileProblem.InvalidRoleSettings, hop.ProfileName, hop.RoleArnLocation.FilePath, hop.RoleArnLocation.Line, null,
                $"Profile '{hop.ProfileName}' ({hop.RoleArnLocation}) has role settings STS would refuse:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", errors)}");
        }
    }

    private static AWSCredentials SourceFromProfile(SharedProfileStore store, string profileName, ChainContext context, List<IDisposable> owned)
    {
        if (!store.TryGetProfile(profileName, out var profile))
        {
            // Let the resolver word the error (it knows about [name] sections in the config file).
            RoleProfileResolver.Resolve(store, profileName);
        }

        if (profile.Has(ProfileKeys.RoleArn) && RoleProfileResolver.ReadWebIdentity(profile) is null)
        {
            var chain = RoleProfileResolver.Resolve(store, profileName);
            return BuildChain(chain, chain.Hops.Count, context, owned);
        }

        return CreateSourceCredentials(RoleProfileResolver.ResolveSourceProfile(store, profile), store.Locations, context, owned);
    }

    private static RefreshingRoleCredentialsOptions Finish(RefreshingRoleCredentialsOptions options, AWSCredentials source)
    {
        var final = options.Clone();
        final.Profile = null;
        final.SourceCredentials = source;
        return final;
    }

    private static void ApplyMfa(RefreshingRoleCredentialsOptions target, RefreshingRoleCredentialsOptions user, RoleHop hop)
    {
        var serial = target.MfaSerialNumber ?? hop.MfaSerial;
        if (serial is null)
        {
            return;
        }

        target.MfaSerialNumber = serial;
        target.MfaTokenCodeProvider = user.MfaTokenCodeProvider ?? (_ => throw new ProfileConfigurationException(
            ProfileProblem.MfaWithoutTokenProvider, hop.ProfileName, hop.RoleArnLocation.FilePath, hop.RoleArnLocation.Line, ProfileKeys.MfaSerial,
            $"Profile '{hop.ProfileName}' sets mfa_serial = {serial}, so STS needs a current MFA code, but no MfaTokenCodeProvider was given (and no cached session could be used). Set RefreshingRoleCredentialsOptions.MfaTokenCodeProvider, or turn on UseCliCache to reuse a session the AWS CLI already holds."));
    }

    internal static AWSCredentials CreateSourceCredentials(ChainSource source, ProfileFileLocations files, ChainContext context, List<IDisposable> owned)
    {
        switch (source)
        {
            case StaticKeysSource keys:
                return keys.CreateCredentials();
            case CredentialSourceReference reference:
                // Built at first use, not now: the SDK's instance-metadata and container providers reach for their
                // endpoints (or throw when the container variables are unset) as soon as they are constructed.
                var deferred = new DeferredAWSCredentials(
                    "credential_source = " + reference.Kind + " (profile '" + reference.ProfileName + "')",
                    reference.Kind switch
                    {
                        CredentialSourceKind.Environment => () => EnvironmentKeys.Read(context.Environment)
                            ?? throw new AmazonClientException("credential_source = Environment (profile '" + reference.ProfileName + "'), but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set."),
                        // This package's fronts, read from the same environment; asked for credentials only when the role
                        // calls STS, like an inner hop, so no background timer.
                        CredentialSourceKind.Ec2InstanceMetadata => () => new RefreshingInstanceProfileCredentials(
                            RefreshingInstanceProfileCredentials.OptionsFromEnvironment(context.Environment.GetVariable, o => o.BackgroundRefresh = false), context.Time, context.LoggerFactory),
                        _ => () => new RefreshingContainerCredentials(
                            RefreshingContainerCredentials.OptionsFromEnvironment(context.Environment.GetVariable, o => o.BackgroundRefresh = false), context.Time, context.LoggerFactory),
                    });
                owned.Add(deferred);
                return deferred;
            case WebIdentityProfileSource webIdentity:
                var webIdentityCredentials = WebIdentityProfiles.Create(
                    webIdentity,
                    context.Environment,
                    o =>
                    {
                        o.Region = context.Options.Region ?? o.Region;
                        o.ServiceUrl = context.Options.ServiceUrl;
                        o.StsTimeout = context.Options.StsTimeout;

                        // Asked for credentials only when the next hop calls STS, like an inner role hop.
                        o.BackgroundRefresh = false;
                    },
                    context.Time,
                    context.LoggerFactory);
                owned.Add(webIdentityCredentials);
                return webIdentityCredentials;
            case ProcessSource process:
                var processCredentials = new ProcessAWSCredentials(process.Command);
                owned.Add(processCredentials);
                return processCredentials;
            case SdkProfileSource sdk:
                AWSCredentials? credentials;
                try
                {
                    new CredentialProfileStoreChain(files.CredentialsFilePath).TryGetAWSCredentials(sdk.ProfileName, out credentials);
                }
                catch (InvalidDataException ex)
                {
                    // The SDK's own reader refuses a line ours skips. Its message quotes the line, which may hold a
                    // secret: keep only the line number (found by ProfileParsingPropertyTests).
                    var line = System.Text.RegularExpressions.Regex.Match(ex.Message, @"^Line (\d+)");
                    throw new ProfileConfigurationException(
                        ProfileProblem.SourceProfileWithoutCredentials, sdk.ProfileName, sdk.Location.FilePath, sdk.Location.Line, null,
                        $"Profile '{sdk.ProfileName}' ({sdk.Location}) is an SSO or web-identity profile, and the AWS SDK refused to read the profile files"
                        + (line.Success ? $" (line {line.Groups[1].Value} is neither a section, a key nor a comment)." : "."));
                }

                if (credentials is not null)
                {
                    return credentials;
                }

                throw new ProfileConfigurationException(
                    ProfileProblem.SourceProfileWithoutCredentials, sdk.ProfileName, sdk.Location.FilePath, sdk.Location.Line, null,
                    $"Profile '{sdk.ProfileName}' ({sdk.Location}) is an SSO or web-identity profile that the AWS SDK could not turn into credentials (is the SSO login current, and AWSSDK.SSO / AWSSDK.SSOOIDC referenced?).");
            default:
                throw new InvalidOperationException("Unknown credential source " + source.GetType().Name + ".");
        }
    }
}

/// <summary>What every hop and source of one profile chain is built with: the caller's options, the environment, time and logs.</summary>
internal sealed record ChainContext(RefreshingRoleCredentialsOptions Options, CredentialEnvironment Environment, TimeProvider Time, ILoggerFactory? LoggerFactory);
