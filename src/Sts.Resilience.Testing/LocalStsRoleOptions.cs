namespace Sts.Resilience.Testing;

/// <summary>How a role created by <see cref="LocalSts.CreateRole(string, Action{LocalStsRoleOptions}?)"/> may be assumed.</summary>
public sealed class LocalStsRoleOptions
{
    /// <summary>Gets or sets the longest session <c>AssumeRole</c> grants for this role (AWS allows 1 to 12 hours).</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan MaxSessionDuration { get; set; } = LocalStsDefaults.MaxRoleSessionDuration;

    /// <summary>
    /// Gets or sets the external id the trust policy requires (<c>sts:ExternalId</c>). When set, an
    /// <c>AssumeRole</c> call without it or with another value gets <c>AccessDenied</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (no external id required).</value>
    public string? ExternalId { get; set; }

    /// <summary>
    /// Gets the ARNs of the principals the trust policy allows: user ARNs, or role ARNs (for role chaining,
    /// a session of that role may assume this one). Empty means every user and role session of the server.
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> TrustedPrincipals { get; } = new List<string>();

    /// <summary>
    /// Gets or sets a value indicating whether the trust policy requires MFA (<c>aws:MultiFactorAuthPresent</c>):
    /// then <c>AssumeRole</c> needs <c>SerialNumber</c> and a six-digit <c>TokenCode</c> (any six digits pass).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RequireMfa { get; set; }
}
