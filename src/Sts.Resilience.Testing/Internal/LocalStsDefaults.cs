using System.Text.RegularExpressions;

namespace Sts.Resilience.Testing;

/// <summary>Every default and fixed limit of LocalSts in one place.</summary>
internal static partial class LocalStsDefaults
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const long MaxRequestBodyBytes = 1024 * 1024;
    public static readonly TimeSpan MinimumSessionDuration = TimeSpan.FromSeconds(900);
    public static readonly TimeSpan MaxRoleSessionDuration = TimeSpan.FromHours(1);

    /// <summary>How far X-Amz-Date may be from the server's clock, as AWS allows.</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public const int AssumeRoleMaxSeconds = 43200;
    public const int AssumeRoleDefaultSeconds = 3600;
    public const int RoleChainingMaxSeconds = 3600;
    public const int GetSessionTokenMaxSeconds = 129600;
    public const int GetSessionTokenDefaultSeconds = 43200;

    public static Regex RegionPattern => RegionRegex();
    public static Regex AccountIdPattern => AccountIdRegex();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionRegex();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdRegex();
}
