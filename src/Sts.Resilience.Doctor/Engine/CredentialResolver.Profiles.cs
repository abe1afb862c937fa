using Amazon.Runtime;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Engine;

internal static partial class CredentialResolver
{
    /// <summary>Reads the shared files with the library's parser (the one <c>RefreshingRoleCredentials</c> uses), so the doctor judges what the library sees.</summary>
    internal static SharedProfileStore LoadStore(AwsPaths paths) =>
        SharedProfileStore.Load(paths.ProfileFiles);

    private static CredentialResolution ResolveProfile(string name, string selectedBy, DoctorHost host, AwsPaths paths)
    {
        var description = $"profile '{name}' (from {selectedBy})";
        SharedProfileStore store;
        try
        {
            store = LoadStore(paths);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unresolvable(description, name, "the AWS config files cannot be read; see profiles");
        }

        if (!store.TryGetProfile(name, out var profile))
        {
            return Unresolvable(description, name, "the profile does not exist; see profiles");
        }

        if (!profile.Has(ProfileKeys.RoleArn))
        {
            return FromStaticProfile(profile, description) ?? Unresolvable(description, name, NoKeysReason(profile));
        }

        RoleProfileChain chain;
        try
        {
            chain = RoleProfileResolver.Resolve(store, name);
        }
        catch (ProfileConfigurationException ex)
        {
            return Unresolvable(description, name, ex.Problem switch
            {
                ProfileProblem.ProfileCycle => "source_profile forms a cycle; see profiles",
                ProfileProblem.SourceProfileNotFound => "its source_profile does not exist; see profiles",
                _ => "the profile is not valid; see profiles",
            });
        }

        var hops = chain.Hops;
        var region = chain.Target.Region ?? profile.Get(ProfileKeys.Region);

        CredentialResolution? root = chain.Source switch
        {
            StaticKeysSource keys => new CredentialResolution
            {
                Description = description,
                BaseCredentials = keys.CreateCredentials(),
                AccessKeyId = keys.AccessKeyId,
                HasSessionToken = keys.HasSessionToken,
                BaseProfileName = keys.ProfileName,
            },
            CredentialSourceReference { Kind: CredentialSourceKind.Environment } => FromEnvironment(host) is { } environment
                ? environment with { Description = description + ", keys from the environment" }
                : null,
            _ => null,
        };

        if (root is null)
        {
            var reason = chain.Source switch
            {
                CredentialSourceReference { Kind: CredentialSourceKind.Environment } => "credential_source = Environment, but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set",
                CredentialSourceReference reference => $"credential_source = {reference.Kind}: sts-doctor does not query instance or container metadata",
                ProcessSource process => $"profile '{process.ProfileName}' uses credential_process, which sts-doctor does not run",
                _ => $"profile '{chain.Source.ProfileName}' uses SSO or web identity, which sts-doctor does not resolve",
            };
            return Unresolvable(description, name, reason) with { Chain = hops, Region = region };
        }

        return root with { ProfileName = name, Chain = hops, Region = region };
    }

    private static CredentialResolution? ResolveDefaultProfile(DoctorHost host, AwsPaths paths)
    {
        try
        {
            return LoadStore(paths).TryGetProfile("default", out _) ? ResolveProfile("default", "the [default] profile", host, paths) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static CredentialResolution? FromStaticProfile(SharedProfile profile, string description)
    {
        var keyId = profile.Get(ProfileKeys.AccessKeyId);
        var secret = profile.Get(ProfileKeys.SecretAccessKey);
        if (keyId is null || secret is null)
        {
            return null;
        }

        var token = profile.Get(ProfileKeys.SessionToken);
        return new CredentialResolution
        {
            Description = description,
            BaseCredentials = token is null ? new BasicAWSCredentials(keyId, secret) : new SessionAWSCredentials(keyId, secret, token),
            AccessKeyId = keyId,
            HasSessionToken = token is not null,
            ProfileName = profile.Name,
            BaseProfileName = profile.Name,
            Region = profile.Get(ProfileKeys.Region),
        };
    }

    private static string NoKeysReason(SharedProfile profile) =>
        profile.Has(ProfileKeys.CredentialProcess) ? "it uses credential_process, which sts-doctor does not run"
        : profile.Has("sso_session") || profile.Has("sso_start_url") ? "it is an SSO profile, which sts-doctor does not resolve (run 'aws sso login')"
        : "it has neither keys nor role_arn; see profiles";

    private static CredentialResolution Unresolvable(string description, string name, string reason) => new()
    {
        Description = description,
        ProfileName = name,
        Unresolvable = reason,
    };
}
