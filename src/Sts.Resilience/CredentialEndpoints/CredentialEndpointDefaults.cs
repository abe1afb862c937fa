using Sts.Resilience.Credentials;

namespace Sts.Resilience.CredentialEndpoints;

/// <summary>The defaults and the shared checks of the credentials-endpoint options (container, instance metadata).</summary>
internal static class CredentialEndpointDefaults
{
    /// <summary>One request to a container agent on the same host or pod network.</summary>
    public static readonly TimeSpan ContainerTimeout = TimeSpan.FromSeconds(2);

    /// <summary>One request to IMDS, as the AWS SDKs set it: it is on the instance, or not there at all.</summary>
    public static readonly TimeSpan InstanceMetadataTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The request timeout and the advisory window, as every front's options check them.</summary>
    public static void CheckTimeoutAndWindow(List<string> errors, TimeSpan timeout, TimeSpan? advisoryWindow)
    {
        if (timeout <= TimeSpan.Zero || timeout > MaxTimeout)
        {
            errors.Add(FormattableString.Invariant($"Timeout must be more than 0 and at most 1 minute (it is {timeout})."));
        }

        if (advisoryWindow is { } window
            && (window < RefreshingRoleCredentialsDefaults.MinAdvisoryWindow || window > RefreshingRoleCredentialsDefaults.MaxAdvisoryWindow))
        {
            errors.Add(FormattableString.Invariant($"AdvisoryWindow must be from 1 minute to 6 hours (it is {window})."));
        }
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, as the role options do.</summary>
    public static void Throw(string optionsName, List<string> errors, string paramName = "options")
    {
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                optionsName + " are invalid:" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", errors),
                paramName);
        }
    }
}
