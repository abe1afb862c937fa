using System.Globalization;
using System.Text.RegularExpressions;

namespace Sts.Resilience.Testing.Sts;

/// <summary>Collects STS's "N validation errors detected: …" for one request, in AWS's wording.</summary>
internal sealed partial class StsValidation
{
    private readonly List<string> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public ServiceError ToError()
    {
        var count = _errors.Count;
        var head = count == 1 ? "1 validation error detected: " : $"{count} validation errors detected: ";
        return new ServiceError(400, "ValidationError", head + string.Join("; ", _errors));
    }

    public void Add(string message) => _errors.Add(message);

    /// <summary>The <c>RoleArn</c> and <c>RoleSessionName</c> checks every AssumeRole* action makes.</summary>
    public (string? RoleArn, string? SessionName) RoleAndSessionName(Dictionary<string, string> parameters)
    {
        var roleArn = parameters.GetValueOrDefault("RoleArn");
        Required(roleArn, "roleArn");
        Length(roleArn, "roleArn", 20, 2048);
        var sessionName = parameters.GetValueOrDefault("RoleSessionName");
        Required(sessionName, "roleSessionName");
        Length(sessionName, "roleSessionName", 2, 64);
        Pattern(sessionName, "roleSessionName", NamePattern(), NamePatternText);
        return (roleArn, sessionName);
    }

    public void Required(string? value, string member)
    {
        if (value is null)
        {
            _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }
    }

    public void Length(string? value, string member, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < min)
        {
            _errors.Add($"Value '{Shown(value)}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            _errors.Add($"Value '{Shown(value)}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }
    }

    public void Pattern(string? value, string member, Regex pattern, string shownPattern)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            _errors.Add($"Value '{Shown(value)}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shownPattern}");
        }
    }

    /// <summary>Parses an integer parameter; a value that is not a number is a validation error.</summary>
    public int? Integer(string? value, string member)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        _errors.Add($"Value '{Shown(value)}' at '{member}' failed to satisfy constraint: Member must be a number");
        return null;
    }

    public void Range(int? value, string member, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value < min)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }
        else if (value > max)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }
    }

    private static string Shown(string value) => value.Length <= 64 ? value : value[..64] + "…";

    public const string NamePatternText = @"[\w+=,.@-]*";
    public const string ExternalIdPatternText = @"[\w+=,.@:\/-]*";
    public const string TokenCodePatternText = @"[\d]*";
    public const string TagKeyPatternText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
    public const string TagValuePatternText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";
    public const string PolicyPatternText = @"[\u0009\u000A\u000D\u0020-\u00FF]+";

    [GeneratedRegex(@"^[\w+=,.@-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w+=,.@:\/-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^[\w+=/:,.@-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex SerialNumberPattern();

    [GeneratedRegex(@"^[0-9]*$", RegexOptions.CultureInvariant)]
    public static partial Regex TokenCodePattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$", RegexOptions.CultureInvariant)]
    public static partial Regex TagKeyPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant)]
    public static partial Regex TagValuePattern();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$", RegexOptions.CultureInvariant)]
    public static partial Regex PolicyPattern();
}
