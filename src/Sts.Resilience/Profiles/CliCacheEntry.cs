namespace Sts.Resilience.Profiles;

/// <summary>One file of the AWS CLI's session cache, as <see cref="CliSessionCache.ListEntries"/> reads it; never a secret.</summary>
/// <param name="FilePath">The file.</param>
/// <param name="Key">The cache key: the file name without <c>.json</c> (a hash of the AssumeRole arguments).</param>
/// <param name="State">Whether it can be used, has expired, or cannot be read.</param>
/// <param name="Expiration">When the cached session expires, if the file says.</param>
/// <param name="AccessKeyIdSuffix">The last four characters of the cached access key id, if readable.</param>
/// <param name="AssumedRoleArn">The assumed-role ARN the session is for, if the file says.</param>
/// <param name="Reason">Why the file cannot be read, for <see cref="CliCacheEntryState.Unreadable"/>.</param>
public sealed record CliCacheEntry(string FilePath, string Key, CliCacheEntryState State, DateTimeOffset? Expiration, string? AccessKeyIdSuffix, string? AssumedRoleArn, string? Reason);
