using Sts.Resilience.Doctor.Engine;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Lists the AWS CLI's assume-role session cache (<c>~/.aws/cli/cache</c>) with the library's cache reader: role,
/// expiry, expired or not. With <c>--fix</c> it deletes the expired entries (and says which), never valid or
/// unreadable ones.
/// </summary>
internal sealed class CliCacheCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "cli-cache";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var cache = new CliSessionCache(context.Paths.CliCacheDirectory, context.Host.Time);
        var directory = context.Display(context.Paths.CliCacheDirectory);
        IReadOnlyList<CliCacheEntry> entries;
        IReadOnlyList<string> deleted = [];
        try
        {
            entries = cache.ListEntries();
            if (context.Options.Fix)
            {
                deleted = cache.DeleteExpired();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([new Finding("cli-cache.unreadable", Name, Severity.Warning,
                $"The AWS CLI cache {directory} cannot be read: {context.Tidy(ex.Message)}",
                $"Check the permissions of {directory} (it should belong to you, mode 0700).")]);
        }

        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([new Finding("cli-cache.empty", Name, Severity.Ok, $"No cached AWS CLI sessions in {directory}.")]);
        }

        var now = context.Host.Time.GetUtcNow();
        var findings = new List<Finding>();
        var deletedSet = new HashSet<string>(deleted, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var file = Path.GetFileName(entry.FilePath);
            var role = entry.AssumedRoleArn ?? "role unknown";
            var key = entry.AccessKeyIdSuffix is null ? "" : $", key ****{entry.AccessKeyIdSuffix}";
            var expiry = entry.Expiration is { } at ? Text.Relative(at, now) : "no expiry";
            switch (entry.State)
            {
                case CliCacheEntryState.Expired when deletedSet.Contains(entry.FilePath):
                    findings.Add(new Finding("cli-cache.deleted", Name, Severity.Ok, $"Deleted {file} ({role}{key}, {expiry}).") { File = entry.FilePath });
                    break;
                case CliCacheEntryState.Expired:
                    findings.Add(new Finding("cli-cache.expired", Name, Severity.Warning,
                        $"{file}: {role}{key}, {expiry}. The AWS CLI assumes the role again, but tools that read the cache without checking Expiration send the expired token.",
                        context.Options.Fix
                            ? $"It changed while sts-doctor ran and was kept; run sts-doctor --fix again."
                            : "Run sts-doctor --fix to delete the expired entries (valid ones are kept).")
                    { File = entry.FilePath });
                    break;
                case CliCacheEntryState.ExpiringSoon:
                    findings.Add(new Finding("cli-cache.expiring", Name, Severity.Ok,
                        $"{file}: {role}{key}, {expiry}: under 15 min left, so the AWS CLI already assumes the role again instead of using it.")
                    { File = entry.FilePath });
                    break;
                case CliCacheEntryState.Unreadable:
                    findings.Add(new Finding("cli-cache.unreadable-entry", Name, Severity.Warning,
                        $"{file} is not a readable AWS CLI session ({entry.Reason ?? "unknown reason"}); the CLI ignores it and sts-doctor leaves it alone.",
                        $"If no other tool wrote it, delete it: {(context.Host.Platform == HostPlatform.Windows ? "del" : "rm")} \"{context.Display(entry.FilePath)}\"")
                    { File = entry.FilePath });
                    break;
                default:
                    findings.Add(new Finding("cli-cache.valid", Name, Severity.Ok, $"{file}: {role}{key}, {expiry}.") { File = entry.FilePath });
                    break;
            }
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}
