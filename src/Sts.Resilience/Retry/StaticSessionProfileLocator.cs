namespace Sts.Resilience.Retry;

/// <summary>
/// Finds the shared-config profile that holds a given access key id together with a static
/// <c>aws_session_token</c>, so the error can name the profile to fix. Reads only section names and the
/// <c>aws_access_key_id</c> / <c>aws_session_token</c> keys, keeps no value, and treats any I/O problem as "not found".
/// </summary>
internal static class StaticSessionProfileLocator
{
    /// <summary>The credentials file then the config file, honouring <c>AWS_SHARED_CREDENTIALS_FILE</c> and <c>AWS_CONFIG_FILE</c>.</summary>
    public static IEnumerable<string> DefaultFiles()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } credentials
            ? credentials
            : Path.Combine(home, ".aws", "credentials");
        yield return Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } config
            ? config
            : Path.Combine(home, ".aws", "config");
    }

    public static (string Profile, string File)? Find(string accessKeyId, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                if (File.Exists(file) && FindInFile(accessKeyId, file) is { } profile)
                {
                    return (profile, file);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static string? FindInFile(string accessKeyId, string file)
    {
        string? section = null;
        var keyMatches = false;
        var hasToken = false;
        foreach (var rawLine in File.ReadLines(file))
        {
            var line = rawLine.Trim();
            if (line.Length > 1 && line[0] == '[' && line[line.Length - 1] == ']')
            {
                if (keyMatches && hasToken)
                {
                    return section;
                }

                section = line.Substring(1, line.Length - 2).Trim();
                if (section.StartsWith("profile ", StringComparison.Ordinal))
                {
                    section = section.Substring("profile ".Length).Trim();
                }

                keyMatches = false;
                hasToken = false;
                continue;
            }

            var equals = line.IndexOf('=');
            if (section is null || equals <= 0)
            {
                continue;
            }

            var name = line.Substring(0, equals).Trim();
            if (name.Equals("aws_access_key_id", StringComparison.OrdinalIgnoreCase))
            {
                keyMatches = string.Equals(line.Substring(equals + 1).Trim(), accessKeyId, StringComparison.Ordinal);
            }
            else if (name.Equals("aws_session_token", StringComparison.OrdinalIgnoreCase) || name.Equals("aws_security_token", StringComparison.OrdinalIgnoreCase))
            {
                hasToken = line.Length > equals + 1 && line.Substring(equals + 1).Trim().Length > 0;
            }
        }

        return keyMatches && hasToken ? section : null;
    }
}
