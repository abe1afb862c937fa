namespace Sts.Resilience.Testing;

/// <summary>A role that <c>AssumeRole</c> can assume, created by <see cref="LocalSts.CreateRole(string, Action{LocalStsRoleOptions}?)"/>.</summary>
public sealed class LocalStsRole
{
    internal LocalStsRole(string name, string arn, string roleId, LocalStsRoleOptions options)
    {
        Name = name;
        Arn = arn;
        RoleId = roleId;
        MaxSessionDuration = options.MaxSessionDuration;
        ExternalId = options.ExternalId;
        TrustedPrincipals = options.TrustedPrincipals.ToArray();
        RequireMfa = options.RequireMfa;
    }

    /// <summary>Gets the role name.</summary>
    public string Name { get; }

    /// <summary>Gets the role ARN, <c>arn:aws:iam::{account}:role/{name}</c>: what <c>RoleArn</c> takes.</summary>
    public string Arn { get; }

    /// <summary>Gets the role's unique id (<c>AROA…</c>).</summary>
    public string RoleId { get; }

    /// <summary>Gets the longest session this role grants.</summary>
    public TimeSpan MaxSessionDuration { get; }

    /// <summary>Gets the external id the role requires, or <see langword="null"/>.</summary>
    public string? ExternalId { get; }

    /// <summary>Gets the ARNs the trust policy allows; empty means everyone on the server.</summary>
    public IReadOnlyList<string> TrustedPrincipals { get; }

    /// <summary>Gets a value indicating whether assuming the role needs MFA.</summary>
    public bool RequireMfa { get; }

    /// <inheritdoc/>
    public override string ToString() => Arn;
}
