namespace Sts.Resilience;

/// <summary>
/// What the host does with a <see cref="RefreshingRoleCredentials"/> registered by
/// <c>AddRefreshingRoleCredentials()</c> when it starts: fetch the first credentials before the application takes work,
/// and whether a failure stops the start. Configure it with
/// <c>services.Configure&lt;RefreshingRoleCredentialsStartupOptions&gt;(o =&gt; …)</c>, or with the registration's key
/// as the options name for a keyed registration.
/// </summary>
public sealed class RefreshingRoleCredentialsStartupOptions
{
    /// <summary>Gets or sets a value indicating whether the first credentials are fetched while the host starts, so the first request never waits for STS.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a failed warm-up fails the host's start (the exception names the role and
    /// the STS error). When <see langword="false"/>, the failure is logged (event 4001) and the first caller fetches again.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool FailStartupOnError { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the registration turns on <see cref="ExpiredTokenRetry"/> (process-wide, for
    /// every AWS client built afterwards) when its credentials or clients are first built. Set it to <see langword="false"/>
    /// for every registration to keep the retry out of the process, or to call <see cref="ExpiredTokenRetry.RegisterFor"/>
    /// yourself for some client types only.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RegisterExpiredTokenRetry { get; set; } = true;
}
