using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Turns a web identity profile (<c>role_arn</c> with <c>web_identity_token_file</c>) into
/// <see cref="RefreshingWebIdentityCredentials"/>, reporting settings STS would refuse as a problem in the file.
/// </summary>
internal static class WebIdentityProfiles
{
    public static RefreshingWebIdentityCredentials Create(
        WebIdentityProfileSource profile,
        CredentialEnvironment environment,
        string? region,
        string? serviceUrl,
        TimeSpan stsTimeout,
        bool backgroundRefresh,
        TimeProvider time,
        ILoggerFactory? loggerFactory)
    {
        var options = new RefreshingWebIdentityCredentialsOptions
        {
            RoleArn = profile.RoleArn,
            WebIdentityTokenFile = ProfileFileLocations.ExpandHome(profile.WebIdentityTokenFile, environment.HomeDirectory),
            RoleSessionName = profile.RoleSessionName,
            Region = region ?? profile.Region,
            ServiceUrl = serviceUrl,
            StsTimeout = stsTimeout,
            BackgroundRefresh = backgroundRefresh,
        };

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ProfileConfigurationException(
                ProfileProblem.InvalidRoleSettings, profile.ProfileName, profile.RoleArnLocation.FilePath, profile.RoleArnLocation.Line, null,
                $"Profile '{profile.ProfileName}' ({profile.RoleArnLocation}) has web identity settings STS would refuse:{Environment.NewLine}{ex.Message}");
        }

        return new RefreshingWebIdentityCredentials(options, time, loggerFactory);
    }
}
