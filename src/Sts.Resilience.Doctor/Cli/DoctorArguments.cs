using System.Globalization;
using System.Text.RegularExpressions;

namespace Sts.Resilience.Doctor.Cli;

/// <summary>Parses the command line. Bad input gives an error message for the user, never an exception.</summary>
internal static partial class DoctorArguments
{
    public const string Usage = """
        sts-doctor: finds why AWS calls fail with "The security token included in the request is expired".

        Usage: sts-doctor [options]

        Options:
          --profile NAME       check this profile (default: AWS_PROFILE, else all profiles)
          --role-arn ARN       assume this role once to check duration and trust limits
          --region R           the region for STS (default: AWS_REGION, the profile's region, else us-east-1)
          --endpoint-url URL   send STS calls to this endpoint (for example a LocalSts)
          --json               print the findings as JSON
          --fix                delete expired AWS CLI cache entries (never valid ones)
          --timeout SECONDS    time allowed for each network call (default: 10)
          --no-color           never colour the output (NO_COLOR is honoured too)
          -h, --help           show this help
          --version            show the version

        Exit codes: 0 all ok, 1 warnings, 2 problems, 3 the tool could not run.
        """;

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong in one line.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out DoctorOptions options, out string? error)
    {
        options = new DoctorOptions();
        error = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var eq)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    options = options with { ShowHelp = true };
                    continue;
                case "--version":
                    options = options with { ShowVersion = true };
                    continue;
                case "--json" or "--fix" or "--no-color":
                    if (inlineValue is not null)
                    {
                        error = $"option '{arg}' takes no value.";
                        return false;
                    }

                    if (!seen.Add(arg))
                    {
                        error = $"option '{arg}' is given more than once.";
                        return false;
                    }

                    options = arg switch
                    {
                        "--json" => options with { Json = true },
                        "--fix" => options with { Fix = true },
                        _ => options with { NoColor = true },
                    };
                    continue;
                case "--profile" or "--role-arn" or "--region" or "--endpoint-url" or "--timeout":
                    break;
                default:
                    error = arg.StartsWith('-')
                        ? $"unknown option '{arg}'."
                        : $"unexpected argument '{arg}' (sts-doctor takes options only).";
                    return false;
            }

            if (!seen.Add(arg))
            {
                error = $"option '{arg}' is given more than once.";
                return false;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    error = $"option '{arg}' needs a value.";
                    return false;
                }

                value = args[++i];
            }

            if (!TryApply(arg, value, ref options, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryApply(string option, string value, ref DoctorOptions options, out string? error)
    {
        error = null;
        switch (option)
        {
            case "--profile":
                if (string.IsNullOrWhiteSpace(value) || value.Trim() != value || value.IndexOfAny(['[', ']']) >= 0)
                {
                    error = $"'{value}' is not a profile name.";
                    return false;
                }

                options = options with { Profile = value };
                return true;
            case "--role-arn":
                if (!RoleArnPattern().IsMatch(value))
                {
                    error = $"'{value}' is not a role ARN (expected arn:aws:iam::123456789012:role/NAME).";
                    return false;
                }

                options = options with { RoleArn = value };
                return true;
            case "--region":
                if (!RegionPattern().IsMatch(value))
                {
                    error = $"'{value}' is not a region name (for example eu-west-1).";
                    return false;
                }

                options = options with { Region = value };
                return true;
            case "--endpoint-url":
                if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
                {
                    error = $"'{value}' is not an http(s) URL.";
                    return false;
                }

                options = options with { EndpointUrl = url };
                return true;
            default: // --timeout
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 300)
                {
                    error = $"'{value}' is not a timeout: give whole seconds from 1 to 300.";
                    return false;
                }

                options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                return true;
        }
    }

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", RegexOptions.CultureInvariant)]
    internal static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
