namespace Sts.Resilience.Profiles;

/// <summary>What <see cref="CliSessionCache.ListEntries"/> tells about one file (no secrets).</summary>
public enum CliCacheEntryState
{
    /// <summary>Usable: more than the CLI's 15 minutes left.</summary>
    Valid,

    /// <summary>Not expired, but under 15 minutes left: treated as a miss, not deleted.</summary>
    ExpiringSoon,

    /// <summary>Past its <c>Expiration</c>: <see cref="CliSessionCache.DeleteExpired"/> removes it.</summary>
    Expired,

    /// <summary>Unreadable, truncated or another tool's file: left alone.</summary>
    Unreadable,
}
