using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Turns a web identity profile (<c>role_arn</c> with <c>web_identity_token_file</c>) into
/// <see cref="RefreshingWebIdentityCredentials"/>, reporting settings STS would refuse as a problem in the file.
/// </summary>
internal static class WebIdentityProfiles
{
    /// <summary>Creates the credentials; <paramref name="adjust"/> changes the options read from the profile (endpoint, windows…).</summary>
    /// <exception cref="ProfileConfigurationException">Thrown when the resulting options are invalid (a relative token file, a malformed role ARN…).</exception>
    public static RefreshingWebIdentityCredentials Create(
        WebIdentityProfileSource profile,
        CredentialEnvironment environment,
        Action<RefreshingWebIdentityCredentialsOptions>? adjust,
        TimeProvider time,
        ILoggerFactory? loggerFactory)
    {
        var options = new RefreshingWebIdentityCredentialsOptions
        {
            RoleArn = profile.RoleArn,
            WebIdentityTokenFile = ProfileFileLocations.ExpandHome(profile.WebIdentityTokenFile, environment.HomeDirectory),
            RoleSessionName = profile.RoleSessionName,
            Region = profile.Region,
        };
        adjust?.Invoke(options);

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
