using System.Collections.Concurrent;
#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sts.Resilience.Profiles;

/// <summary>
/// The AWS CLI's assume-role session cache (<c>~/.aws/cli/cache</c> by default): one JSON file per
/// set of AssumeRole arguments, named by <see cref="CliCacheKey"/>. Reading never throws (a bad file is
/// a miss, logged once per file); writing goes to a temporary file created 0600 on Unix (on the netstandard2.0
/// build: inside a private 0700 directory, see <c>UnixPrivateFile</c>), then renamed over the entry, so readers
/// and concurrent writers only ever see a whole file, and no other user can open it. When the mode cannot be set,
/// nothing is written.
/// Nothing is deleted except by <see cref="DeleteExpired"/>.
/// </summary>
public sealed partial class CliSessionCache
{
    /// <summary>The time left under which the AWS CLI treats an entry as a miss: 15 minutes.</summary>
    public static readonly TimeSpan MinimumRemaining = TimeSpan.FromMinutes(15);

    private const long MaxEntryBytes = 1024 * 1024;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="CliSessionCache"/> class.</summary>
    /// <param name="directory">The cache folder (a leading <c>~</c> is expanded); <see langword="null"/> for <see cref="DefaultDirectory()"/>.</param>
    /// <param name="timeProvider">The clock that decides what has expired; <see langword="null"/> for the system clock.</param>
    /// <param name="logger">Where unreadable files and failed writes are logged; <see langword="null"/> for none.</param>
    public CliSessionCache(string? directory = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Directory = string.IsNullOrWhiteSpace(directory) ? DefaultDirectory() : ProfileFileLocations.ExpandHome(directory!);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the folder that holds the entries.</summary>
    public string Directory { get; }

#if !NET8_0_OR_GREATER
    /// <summary>Gets or sets how entries are written on Unix on this build (replaced by tests to make libc fail).</summary>
    internal UnixPrivateFile PrivateFiles { get; set; } = UnixPrivateFile.Libc;
#endif

    /// <summary>Gets where the AWS CLI keeps the cache: <c>~/.aws/cli/cache</c>, whatever <c>AWS_CONFIG_FILE</c> says.</summary>
    /// <returns>The folder under <see cref="ProfileFileLocations.HomeDirectory"/>.</returns>
    public static string DefaultDirectory() => DefaultDirectory(ProfileFileLocations.HomeDirectory());

    /// <summary>Gets where the AWS CLI keeps the cache for a given home directory.</summary>
    /// <param name="homeDirectory">The directory <c>~</c> stands for.</param>
    /// <returns><c>.aws/cli/cache</c> under <paramref name="homeDirectory"/>.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="homeDirectory"/> is <see langword="null"/>.</exception>
    public static string DefaultDirectory(string homeDirectory) => Path.Combine(Internal.Guard.NotNull(homeDirectory), ".aws", "cli", "cache");

    internal string PathFor(string key) => Path.Combine(Directory, key + ".json");

    /// <summary>
    /// The cached session for <paramref name="key"/> when it has more than <see cref="MinimumRemaining"/>
    /// left; otherwise <see langword="null"/>. Never throws for a missing, unreadable or foreign file.
    /// </summary>
    internal CliCachedSession? TryRead(string key)
    {
        var path = PathFor(key);
        var session = ReadFile(path, out var state, out var reason);
        if (state == CliCacheEntryState.Unreadable)
        {
            if (reason is not null && _reported.TryAdd(path + "|" + reason, 0))
            {
                Log.CacheEntryUnreadable(_logger, path, reason);
            }

            return null;
        }

        return state == CliCacheEntryState.Valid ? session : null;
    }

    /// <summary>
    /// Stores <paramref name="session"/> under <paramref name="key"/> atomically. Returns
    /// <see langword="false"/> (and logs) when the file could not be written: a cache that cannot be
    /// written costs an STS call next time, never a failure now.
    /// </summary>
    internal bool Write(string key, CliCachedSession session)
    {
        Internal.Guard.NotNull(session);
        var path = PathFor(key);
        string? temporary = null;
        try
        {
#if !NET8_0_OR_GREATER
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                PrivateFiles.EnsureDirectory(Directory);
                // No FileStream with a Unix mode on this build: see UnixPrivateFile (issue 13, defect 10).
                PrivateFiles.Write(Directory, path, session.ToJson(), Replace);
                return true;
            }
#endif
            CreateDirectory(Directory);
            temporary = Path.Combine(Directory, "." + key + "." + Guid.NewGuid().ToString("N") + ".tmp");
            WritePrivateFile(temporary, session.ToJson());
            Replace(temporary, path);
            temporary = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            Log.CacheWriteFailed(_logger, path, ex.GetType().Name, ex.Message);
            return false;
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Lists every <c>*.json</c> file of the directory, with its expiry and state, and no secret.</summary>
    /// <returns>The entries, by file name; empty when the folder does not exist.</returns>
    /// <exception cref="IOException">Thrown when the folder cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when the folder may not be listed.</exception>
    public IReadOnlyList<CliCacheEntry> ListEntries()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return Array.Empty<CliCacheEntry>();
        }

        var entries = new List<CliCacheEntry>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var session = ReadFile(path, out var state, out var reason);
            entries.Add(new CliCacheEntry(path, Path.GetFileNameWithoutExtension(path), state, session?.Expiration, session?.AccessKeyIdSuffix, session?.AssumedRoleArn, reason));
        }

        return entries;
    }

    /// <summary>
    /// Deletes the entries whose <c>Expiration</c> has passed (each re-read just before deletion, so an
    /// entry another process has just refreshed stays). Unreadable files and live entries are kept.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    /// <exception cref="IOException">Thrown when the folder cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when the folder may not be listed.</exception>
    public IReadOnlyList<string> DeleteExpired()
    {
        var deleted = new List<string>();
        foreach (var entry in ListEntries())
        {
            if (entry.State != CliCacheEntryState.Expired)
            {
                continue;
            }

            ReadFile(entry.FilePath, out var stateNow, out _);
            if (stateNow == CliCacheEntryState.Expired && TryDelete(entry.FilePath))
            {
                deleted.Add(entry.FilePath);
            }
        }

        return deleted;
    }

    private CliCachedSession? ReadFile(string path, out CliCacheEntryState state, out string? reason)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                state = CliCacheEntryState.Unreadable;
                reason = null; // a plain miss, nothing to report
                return null;
            }

            if (info.Length > MaxEntryBytes)
            {
                state = CliCacheEntryState.Unreadable;
                reason = "larger than " + MaxEntryBytes + " bytes";
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            state = CliCacheEntryState.Unreadable;
            reason = ex.GetType().Name + ": " + ex.Message;
            return null;
        }

        var session = CliCachedSession.TryParse(bytes, out reason);
        if (session is null)
        {
            state = CliCacheEntryState.Unreadable;
            return null;
        }

        var left = session.Expiration - _timeProvider.GetUtcNow();
        state = left <= TimeSpan.Zero ? CliCacheEntryState.Expired
            : left < MinimumRemaining ? CliCacheEntryState.ExpiringSoon
            : CliCacheEntryState.Valid;
        return session;
    }

    private static void CreateDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            return;
        }

#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
#else
        System.IO.Directory.CreateDirectory(directory);
#endif
    }

    private static void WritePrivateFile(string path, byte[] content)
    {
#if NET8_0_OR_GREATER
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
#else
        // Windows only on this build (Unix goes through UnixPrivateFile): the user profile's ACL protects the file.
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
#endif
        stream.Write(content, 0, content.Length);
        stream.Flush(flushToDisk: true);
    }

    private static void Replace(string temporary, string destination)
    {
        // rename(2) replaces atomically on Unix; on Windows MoveFileEx(REPLACE_EXISTING) can meet a
        // reader holding the file open, so try a few times before giving up (the entry is only a cache).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
#if NET8_0_OR_GREATER
                File.Move(temporary, destination, overwrite: true);
#else
                if (File.Exists(destination))
                {
                    File.Replace(temporary, destination, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, destination);
                }
#endif
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Yield();
            }
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "CliCacheEntryUnreadable", Level = LogLevel.Warning,
            Message = "Ignoring AWS CLI cache entry {Path}: {Reason}. It counts as a miss; the file is left as it is.")]
        public static partial void CacheEntryUnreadable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 3002, EventName = "CliCacheWriteFailed", Level = LogLevel.Warning,
            Message = "Could not write AWS CLI cache entry {Path} ({ExceptionType}: {Detail}); the next process will call STS instead.")]
        public static partial void CacheWriteFailed(ILogger logger, string path, string exceptionType, string detail);
    }
}
