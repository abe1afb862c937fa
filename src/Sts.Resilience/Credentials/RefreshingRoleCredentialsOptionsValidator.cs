using System.Text.RegularExpressions;

namespace Sts.Resilience.Credentials;

/// <summary>Checks the options against STS's documented limits, collecting every problem rather than stopping at the first.</summary>
internal static class RefreshingRoleCredentialsOptionsValidator
{
    internal static Regex RoleArnPattern => StsPatterns.RoleArn;
    private static Regex SessionNamePattern => StsPatterns.SessionName;
    private static Regex ExternalIdPattern => StsPatterns.ExternalId;

    public static IReadOnlyList<string> GetErrors(RefreshingRoleCredentialsOptions options)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.RoleArn))
        {
            if (options.Profile is null)
            {
                errors.Add("RoleArn is required.");
            }
        }
        else if (options.RoleArn.Length > 2048 || !RoleArnPattern.IsMatch(options.RoleArn))
        {
            errors.Add($"RoleArn '{options.RoleArn}' is not a role ARN: expected arn:<partition>:iam::<12-digit account>:role/<name>, the partition one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.");
        }

        CheckName(errors, nameof(options.RoleSessionName), options.RoleSessionName);
        CheckName(errors, nameof(options.SourceIdentity), options.SourceIdentity);

        if (options.ExternalId is { } externalId && (externalId.Length is < 2 or > 1224 || !ExternalIdPattern.IsMatch(externalId)))
        {
            errors.Add($"ExternalId must be 2–1224 characters of [A-Za-z0-9_+=,.@:/-] (it has {externalId.Length}).");
        }

        CheckDuration(errors, options.Duration);

        if (options.PolicyArns.Count > RefreshingRoleCredentialsDefaults.MaxPolicyArns)
        {
            errors.Add($"PolicyArns may hold at most 10 ARNs (it holds {options.PolicyArns.Count}).");
        }

        foreach (var arn in options.PolicyArns)
        {
            if (arn is null || arn.Length is < 20 or > 2048)
            {
                errors.Add("Each PolicyArns entry must be an ARN of 20–2048 characters.");
                break;
            }
        }

        if (options.Policy is { } policy && policy.Length > 2048)
        {
            errors.Add($"Policy must be at most 2048 characters (it has {policy.Length}).");
        }

        if (options.Tags.Count > RefreshingRoleCredentialsDefaults.MaxTags)
        {
            errors.Add($"Tags may hold at most 50 tags (it holds {options.Tags.Count}).");
        }

        foreach (var tag in options.Tags)
        {
            if (tag.Key.Length is < 1 or > 128)
            {
                errors.Add($"Tag key '{tag.Key}' must be 1–128 characters.");
            }

            if (tag.Value is null || tag.Value.Length > 256)
            {
                errors.Add($"The value of tag '{tag.Key}' must be 0–256 characters.");
            }
        }

        if (options.TransitiveTagKeys.Count > RefreshingRoleCredentialsDefaults.MaxTransitiveTagKeys)
        {
            errors.Add($"TransitiveTagKeys may hold at most 50 keys (it holds {options.TransitiveTagKeys.Count}).");
        }

        foreach (var key in options.TransitiveTagKeys)
        {
            if (key is null)
            {
                errors.Add("TransitiveTagKeys holds a null key.");
            }
            else if (!options.Tags.ContainsKey(key))
            {
                errors.Add($"TransitiveTagKeys names '{key}', which is not one of Tags.");
            }
        }

        if (options.MfaSerialNumber is { } serial)
        {
            if (serial.Length is < 9 or > 256)
            {
                errors.Add($"MfaSerialNumber must be 9–256 characters (it has {serial.Length}).");
            }

            if (options.MfaTokenCodeProvider is null)
            {
                errors.Add("MfaSerialNumber is set but MfaTokenCodeProvider is not: STS needs a current token code with every AssumeRole call.");
            }
        }
        else if (options.MfaTokenCodeProvider is not null && options.Profile is null)
        {
            // With a profile, mfa_serial may come from the profile's keys.
            errors.Add("MfaTokenCodeProvider is set but MfaSerialNumber is not.");
        }

        if (options.Profile is { } profile)
        {
            if (string.IsNullOrWhiteSpace(profile))
            {
                errors.Add("Profile must not be empty when set.");
            }

            if (options.SourceCredentials is not null)
            {
                errors.Add("Profile and SourceCredentials are both set: the profile already says where the source credentials come from; set only one.");
            }
        }

        CheckEndpointAndWindow(errors, options.ServiceUrl, options.StsTimeout, options.AdvisoryWindow, options.Duration);
        return errors;
    }

    /// <summary>The session duration STS accepts: whole seconds from 900 to 43200.</summary>
    internal static void CheckDuration(List<string> errors, TimeSpan duration)
    {
        if (duration < RefreshingRoleCredentialsDefaults.MinDuration || duration > RefreshingRoleCredentialsDefaults.MaxDuration
            || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(FormattableString.Invariant($"Duration must be a whole number of seconds from 900 to 43200 (it is {duration.TotalSeconds} s)."));
        }
    }

    /// <summary>The STS endpoint and the engine's window (shorter than the session), shared by every front's options.</summary>
    internal static void CheckEndpointAndWindow(List<string> errors, string? serviceUrl, TimeSpan stsTimeout, TimeSpan? advisoryWindow, TimeSpan duration)
    {
        if (serviceUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add($"ServiceUrl '{url}' is not an absolute URL.");
        }

        if (stsTimeout <= TimeSpan.Zero || stsTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add(FormattableString.Invariant($"StsTimeout must be more than 0 and at most 5 minutes (it is {stsTimeout})."));
        }

        if (advisoryWindow is { } window
            && (window < RefreshingRoleCredentialsDefaults.MinAdvisoryWindow || window > RefreshingRoleCredentialsDefaults.MaxAdvisoryWindow))
        {
            errors.Add(FormattableString.Invariant($"AdvisoryWindow must be from 1 minute to 6 hours (it is {window})."));
        }

        if (advisoryWindow is { } advisory && advisory >= duration)
        {
            errors.Add(FormattableString.Invariant($"AdvisoryWindow ({advisory}) must be shorter than Duration ({duration}): a window as long as the session would refresh it at once, in a loop. Each session gets at most half its lifetime as window."));
        }
    }

    internal static void CheckName(List<string> errors, string name, string? value)
    {
        if (value is not null && (value.Length is < 2 or > 64 || !SessionNamePattern.IsMatch(value)))
        {
            errors.Add($"{name} must be 2–64 characters of [A-Za-z0-9_+=,.@-] (got '{value}').");
        }
    }
}
