using Microsoft.Extensions.Logging;
using Sts.Resilience.Credentials;

namespace Sts.Resilience;

public abstract partial class RefreshingCredentials
{
    /// <summary>
    /// Finds credentials the way the AWS SDK for .NET v4 does, in its order, and returns them as this package's refreshing
    /// credentials:
    /// <list type="number">
    /// <item><description>environment keys (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>): static keys;</description></item>
    /// <item><description>web identity from <c>AWS_ROLE_ARN</c> and <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>: <see cref="RefreshingWebIdentityCredentials"/>;</description></item>
    /// <item><description>the profile (<see cref="RefreshingCredentialsChainOptions.Profile"/>, <c>AWS_PROFILE</c>, or <c>default</c>): a role profile becomes
    /// <see cref="RefreshingRoleCredentials"/>, a web identity profile <see cref="RefreshingWebIdentityCredentials"/>, keys static keys;</description></item>
    /// <item><description>the container endpoint (<c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c> or <c>_FULL_URI</c>): <see cref="RefreshingContainerCredentials"/>;</description></item>
    /// <item><description>instance metadata, unless <c>AWS_EC2_METADATA_DISABLED</c> is <c>true</c>: <see cref="RefreshingInstanceProfileCredentials"/>, picked only when it answers (as the SDK does).</description></item>
    /// </list>
    /// Static keys never refresh: their <see cref="Status"/> shows a rolling 12-hour horizon and <see cref="Invalidate"/>
    /// returns <see langword="false"/>. STS sources take their region from <c>AWS_REGION</c> (or <c>AWS_DEFAULT_REGION</c>)
    /// and their endpoint from <c>AWS_ENDPOINT_URL_STS</c> when set.
    /// </summary>
    /// <param name="configure">Chooses the profile and changes the options of the source picked; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where log events go; <see langword="null"/> for none.</param>
    /// <returns>The credentials of the first source found; dispose them to stop their timers.</returns>
    /// <exception cref="Amazon.Runtime.AmazonClientException">Thrown when no source is found; the message lists every step and why it was passed over.</exception>
    /// <exception cref="Profiles.ProfileConfigurationException">Thrown when the named profile does not exist, or a profile with credential settings cannot be used (a broken role profile is reported, not skipped; a <c>credential_process</c> or SSO profile is not supported).</exception>
    /// <exception cref="ArgumentException">Thrown when the environment configures a source with invalid values.</exception>
    public static RefreshingCredentials FromDefaultChain(
        Action<RefreshingCredentialsChainOptions>? configure = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        => DefaultCredentialChain.Resolve(CredentialEnvironment.Process, configure, timeProvider, loggerFactory);

    /// <summary>
    /// Tells which source <see cref="FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, ILoggerFactory?)"/>
    /// would pick in this process, what it read, and why it passed over the earlier steps: the same decision
    /// <c>FromDefaultChain</c> takes, from environment variables and the profile files only. No endpoint is contacted
    /// and no credentials are created, so it is safe to call at start-up or from a diagnostics page; the result shows
    /// no secret.
    /// </summary>
    /// <param name="configure">Chooses the profile, as for <c>FromDefaultChain</c>; <see langword="null"/> for none. The <c>Configure…</c> actions are not run.</param>
    /// <returns>The decision; its <see cref="DefaultChainDecision.ToString"/> is one line fit for a log.</returns>
    public static DefaultChainDecision DecideDefaultChain(Action<RefreshingCredentialsChainOptions>? configure = null)
    {
        var options = new RefreshingCredentialsChainOptions();
        configure?.Invoke(options);
        return DefaultChainDecision.Decide(CredentialEnvironment.Process, options);
    }
}
