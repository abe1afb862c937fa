using Amazon.Runtime;
using Sts.Resilience.Doctor.Cli;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>
/// Finds the credentials to test, in the AWS CLI's order: <c>--profile</c>, then environment keys, then
/// <c>AWS_PROFILE</c>, then the <c>default</c> profile. <c>--role-arn</c> is assumed after them by the role check.
/// </summary>
internal static partial class CredentialResolver
{
    public static CredentialResolution Resolve(DoctorHost host, DoctorOptions options, AwsPaths paths)
    {
        if (options.Profile is not null)
        {
            return ResolveProfile(options.Profile, "--profile", host, paths);
        }

        if (FromEnvironment(host) is { } environment)
        {
            return environment;
        }

        if (host.GetVariable("AWS_PROFILE") is { } profile)
        {
            return ResolveProfile(profile, "AWS_PROFILE", host, paths);
        }

        return ResolveDefaultProfile(host, paths)
            ?? new CredentialResolution { Description = "nowhere (none found)" };
    }

    /// <summary>Environment keys, when both halves are set (as the SDKs require).</summary>
    public static CredentialResolution? FromEnvironment(DoctorHost host)
    {
        var keyId = host.GetVariable("AWS_ACCESS_KEY_ID");
        var secret = host.GetVariable("AWS_SECRET_ACCESS_KEY");
        if (keyId is null || secret is null)
        {
            return null;
        }

        var token = host.GetVariable("AWS_SESSION_TOKEN") ?? host.GetVariable("AWS_SECURITY_TOKEN");
        return new CredentialResolution
        {
            Description = "environment variables",
            BaseCredentials = token is null ? new BasicAWSCredentials(keyId, secret) : new SessionAWSCredentials(keyId, secret, token),
            AccessKeyId = keyId,
            HasSessionToken = token is not null,
        };
    }
}
