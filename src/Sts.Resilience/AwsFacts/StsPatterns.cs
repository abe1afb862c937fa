using System.Text.RegularExpressions;

namespace Sts.Resilience;

/// <summary>
/// The shapes STS accepts for <c>AssumeRole</c>'s arguments, in one place for the options validation and every other
/// reader (the limits on their lengths are beside their use).
/// </summary>
internal static class StsPatterns
{
    /// <summary>A role ARN: <c>arn:{partition}:iam::{12-digit account}:role/{path and name}</c>.</summary>
    public static readonly Regex RoleArn = new(@"^arn:aws(-cn|-us-gov)?:iam::\d{12}:role/.+$", RegexOptions.CultureInvariant);

    /// <summary>A role session name: <c>[\w+=,.@-]</c>, 2–64 characters.</summary>
    public static readonly Regex SessionName = new(@"^[\w+=,.@-]*$", RegexOptions.CultureInvariant);

    /// <summary>An external id: <c>[\w+=,.@:/-]</c>, 2–1224 characters.</summary>
    public static readonly Regex ExternalId = new(@"^[\w+=,.@:/-]*$", RegexOptions.CultureInvariant);
}
