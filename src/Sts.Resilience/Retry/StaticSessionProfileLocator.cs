using Sts.Resilience.Profiles;

namespace Sts.Resilience.Retry;

/// <summary>
/// Finds the shared-config profile that holds a given access key id together with a static
/// <c>aws_session_token</c>, so the error can name the profile to fix. Reads the files through the same
/// <see cref="SharedProfileStore"/> the profile support uses (so both agree on sections, precedence and
/// <c>AWS_CONFIG_FILE</c>/<c>AWS_SHARED_CREDENTIALS_FILE</c>), keeps no value, and treats any I/O problem as "not found".
/// </summary>
internal static class StaticSessionProfileLocator
{
    private static readonly string[] SessionTokenKeys = ["aws_session_token", "aws_security_token"];

    public static (string Profile, string File)? Find(string accessKeyId, ProfileFileLocations locations)
    {
        SharedProfileStore store;
        try
        {
            store = SharedProfileStore.Load(locations);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var profile in store.Profiles.Values)
        {
            if (!string.Equals(profile.Get("aws_access_key_id"), accessKeyId, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var key in SessionTokenKeys)
            {
                if (profile.TryGet(key, out var token) && token.Value.Length > 0)
                {
                    return (profile.Name, token.Location.FilePath);
                }
            }
        }

        return null;
    }
}
