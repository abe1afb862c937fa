using System.Text.RegularExpressions;

namespace Sts.Resilience;

/// <summary>
/// The shapes STS accepts for <c>AssumeRole</c>'s arguments, in one place for the options validation and every other
/// reader (the limits on their lengths are beside their use).
/// </summary>
internal static class StsPatterns
{
    /// <summary>
    /// A role ARN in any partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, <c>aws-iso</c>, <c>aws-iso-b</c>,
    /// <c>aws-iso-e</c>, <c>aws-iso-f</c>, <c>aws-eusc</c>): <c>arn:{partition}:iam::{12-digit account}:role/{path and name}</c>.
    /// </summary>
    public static readonly Regex RoleArn = new(@"\Aarn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::[0-9]{12}:role/[!-~]+\z", RegexOptions.CultureInvariant);

    /// <summary>A role session name: <c>[A-Za-z0-9_+=,.@-]</c>, 2–64 characters.</summary>
    public static readonly Regex SessionName = new(@"\A[A-Za-z0-9_+=,.@-]*\z", RegexOptions.CultureInvariant);

    /// <summary>An external id: <c>[A-Za-z0-9_+=,.@:/-]</c>, 2–1224 characters.</summary>
    public static readonly Regex ExternalId = new(@"\A[A-Za-z0-9_+=,.@:/-]*\z", RegexOptions.CultureInvariant);
}
