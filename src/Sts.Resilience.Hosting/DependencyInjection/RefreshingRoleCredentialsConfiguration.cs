using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Reads <see cref="RefreshingRoleCredentialsOptions"/> from configuration: the <c>AWS</c> section keys that
/// AWSSDK.Extensions.NETCore.Setup users already have, then the <c>AWS:AssumeRole</c> section (whose keys win).
/// </summary>
/// <remarks>
/// Written out rather than done by <c>ConfigurationBinder</c>: the binder (reflection or source-generated) cannot skip
/// <see cref="RefreshingRoleCredentialsOptions.SourceCredentials"/> and <see cref="RefreshingRoleCredentialsOptions.MfaTokenCodeProvider"/>,
/// is not trimming-safe, and stops at the first problem. Here an unknown key is an error (as with
/// <c>ErrorOnUnknownConfiguration = true</c>), every problem is collected, and the errors are kept beside the options
/// instance so validation reports them together with every other problem, in one message.
/// </remarks>
internal static class RefreshingRoleCredentialsConfiguration
{
    /// <summary>The section of <c>appsettings.json</c> read by <c>AddRefreshingRoleCredentials()</c>.</summary>
    public const string AwsSectionName = "AWS";

    /// <summary>The subsection of <see cref="AwsSectionName"/> bound onto <see cref="RefreshingRoleCredentialsOptions"/>.</summary>
    public const string AssumeRoleSectionName = "AssumeRole";

    private static readonly ConditionalWeakTable<RefreshingRoleCredentialsOptions, List<string>> Errors = new();

    private static readonly Dictionary<string, Action<RefreshingRoleCredentialsOptions, IConfigurationSection, List<string>>> Setters =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(RefreshingRoleCredentialsOptions.RoleArn)] = (o, s, e) => o.RoleArn = s.Value ?? string.Empty,
            [nameof(RefreshingRoleCredentialsOptions.RoleSessionName)] = (o, s, e) => o.RoleSessionName = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.Duration)] = (o, s, e) => Set<TimeSpan>(s, e, TryTimeSpan, v => o.Duration = v),
            [nameof(RefreshingRoleCredentialsOptions.ExternalId)] = (o, s, e) => o.ExternalId = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.Policy)] = (o, s, e) => o.Policy = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.PolicyArns)] = (o, s, e) => AddList(s, e, o.PolicyArns),
            [nameof(RefreshingRoleCredentialsOptions.Tags)] = (o, s, e) => AddTags(s, e, o.Tags),
            [nameof(RefreshingRoleCredentialsOptions.TransitiveTagKeys)] = (o, s, e) => AddList(s, e, o.TransitiveTagKeys),
            [nameof(RefreshingRoleCredentialsOptions.SourceIdentity)] = (o, s, e) => o.SourceIdentity = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.MfaSerialNumber)] = (o, s, e) => o.MfaSerialNumber = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.Profile)] = (o, s, e) => o.Profile = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.UseCliCache)] = (o, s, e) => Set<bool>(s, e, TryBool, v => o.UseCliCache = v),
            [nameof(RefreshingRoleCredentialsOptions.CliCacheDirectory)] = (o, s, e) => o.CliCacheDirectory = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.Region)] = (o, s, e) => o.Region = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.ServiceUrl)] = (o, s, e) => o.ServiceUrl = s.Value,
            [nameof(RefreshingRoleCredentialsOptions.StsTimeout)] = (o, s, e) => Set<TimeSpan>(s, e, TryTimeSpan, v => o.StsTimeout = v),
            [nameof(RefreshingRoleCredentialsOptions.AdvisoryWindow)] = (o, s, e) => Set<TimeSpan>(s, e, TryTimeSpan, v => o.AdvisoryWindow = v),
            [nameof(RefreshingRoleCredentialsOptions.BackgroundRefresh)] = (o, s, e) => Set<bool>(s, e, TryBool, v => o.BackgroundRefresh = v),
        };

    /// <summary>Gets the options that cannot come from configuration because they hold objects.</summary>
    public static IReadOnlyList<string> CodeOnlyOptions { get; } =
        [nameof(RefreshingRoleCredentialsOptions.SourceCredentials), nameof(RefreshingRoleCredentialsOptions.MfaTokenCodeProvider)];

    /// <summary>Gets the keys a configuration section may hold.</summary>
    public static IEnumerable<string> Keys => Setters.Keys;

    /// <summary>
    /// Applies the keys of the <c>AWS</c> section that mean the same thing as an option: <c>SessionRoleArn</c>,
    /// <c>SessionName</c>, <c>ExternalId</c>, <c>Profile</c>, <c>Region</c>. Other keys there belong to the SDK and are
    /// left alone. <c>Profile</c> means what it means to the SDK: with a role ARN, where the source credentials come from;
    /// without one, a role profile (<c>role_arn</c> with <c>source_profile</c>) to assume.
    /// </summary>
    public static void ApplyAwsSection(RefreshingRoleCredentialsOptions options, IConfiguration aws)
    {
        if (NonEmpty(aws["SessionRoleArn"]) is { } roleArn)
        {
            options.RoleArn = roleArn;
        }

        if (NonEmpty(aws["SessionName"]) is { } sessionName)
        {
            options.RoleSessionName = sessionName;
        }

        if (NonEmpty(aws["ExternalId"]) is { } externalId)
        {
            options.ExternalId = externalId;
        }

        if (NonEmpty(aws["Profile"]) is { } profile)
        {
            options.Profile = profile;
        }

        if (NonEmpty(aws["Region"]) is { } region)
        {
            options.Region = region;
        }
    }

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>; a key with no matching option is an error.</summary>
    public static void Bind(RefreshingRoleCredentialsOptions options, IConfiguration section)
    {
        var errors = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (Setters.TryGetValue(child.Key, out var setter))
            {
                setter(options, child, errors);
            }
            else if (CodeOnlyOptions.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"'{child.Path}': {child.Key} cannot come from configuration (it holds an object); set it in code.");
            }
            else
            {
                var hint = Closest(child.Key) is { } known ? $" Did you mean '{known}'?" : string.Empty;
                errors.Add($"'{child.Path}' is not an option of RefreshingRoleCredentialsOptions.{hint}");
            }
        }

        foreach (var error in errors)
        {
            AddError(options, error);
        }
    }

    /// <summary>Keeps a configuration problem beside <paramref name="options"/>, for validation to report.</summary>
    public static void AddError(RefreshingRoleCredentialsOptions options, string error)
    {
        var list = Errors.GetValue(options, static _ => []);
        lock (list)
        {
            list.Add(error);
        }
    }

    public static IReadOnlyList<string> GetBindingErrors(RefreshingRoleCredentialsOptions options)
    {
        if (!Errors.TryGetValue(options, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    private static void Set<T>(IConfigurationSection section, List<string> errors, TryParse<T> parse, Action<T> assign)
    {
        if (section.Value is null)
        {
            errors.Add($"'{section.Path}' must be a value, not a section.");
        }
        else if (parse(section.Value, out var value))
        {
            assign(value);
        }
        else
        {
            errors.Add($"'{section.Path}': '{section.Value}' is not a {(typeof(T) == typeof(bool) ? "true/false value" : "time span such as 01:00:00")}.");
        }
    }

    private static void AddList(IConfigurationSection section, List<string> errors, IList<string> target)
    {
        if (section.Value is { Length: > 0 })
        {
            errors.Add($"'{section.Path}' must be a list (a JSON array), not a single value.");
            return;
        }

        foreach (var item in section.GetChildren())
        {
            if (item.Value is null)
            {
                errors.Add($"'{item.Path}' must be a string.");
            }
            else
            {
                target.Add(item.Value);
            }
        }
    }

    private static void AddTags(IConfigurationSection section, List<string> errors, IDictionary<string, string> target)
    {
        if (section.Value is { Length: > 0 })
        {
            errors.Add($"'{section.Path}' must be an object of tag names and values, not a single value.");
            return;
        }

        foreach (var tag in section.GetChildren())
        {
            if (tag.Value is null)
            {
                errors.Add($"'{tag.Path}' must be a string.");
            }
            else
            {
                target[tag.Key] = tag.Value;
            }
        }
    }

    /// <summary>
    /// A duration as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>), or a whole number of milliseconds: the unit
    /// AWSSDK.Extensions.NETCore.Setup gives a bare number in the same <c>AWS</c> section (<c>"Timeout": 5000</c>), where
    /// <see cref="TimeSpan.TryParse(string, IFormatProvider, out TimeSpan)"/> alone would read <c>900</c> as 900 days.
    /// </summary>
    private static bool TryTimeSpan(string text, out TimeSpan value)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            value = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryBool(string text, out bool value) => bool.TryParse(text, out value);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The known key within two edits of <paramref name="key"/>, ignoring case, for a "did you mean" hint.</summary>
    private static string? Closest(string key)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var known in Setters.Keys)
        {
            var distance = Distance(key.ToUpperInvariant(), known.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private delegate bool TryParse<T>(string text, out T value);
}
