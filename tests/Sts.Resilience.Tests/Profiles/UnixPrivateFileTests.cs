#if STS_LIBRARY_NETSTANDARD
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Issue 13, defect 10, on the netstandard2.0 build (whose <c>FileStream</c> takes no Unix mode): a cache entry is never
/// visible in the cache directory with a mode other than 0600, and nothing is written when the mode cannot be set.
/// Before, the file was created there with the umask's mode and chmod'ed afterwards, whether or not chmod worked.
/// </summary>
public sealed class UnixPrivateFileTests : IDisposable
{
    private const string Key = "5a0f4e0c1f7ad7c9b5bd2f1f6f0f2b9e3c4d5e6f";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sts-private-file-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLogger _logger = new();

    private string CacheDirectory => Path.Combine(_root, "cli", "cache");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [UnixOnlyFact("Windows has no mode bits.")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_TheFileIsOnlyEverInAPrivateDirectoryUntilItIs0600()
    {
        var observer = new Observing(CacheDirectory);
        var cache = new CliSessionCache(CacheDirectory, new FakeTimeProvider(Now), _logger) { PrivateFiles = observer };

        Assert.True(cache.Write(Key, Session()));

        Assert.NotNull(observer.ParentAtChmod);
        Assert.NotEqual(Path.GetFullPath(CacheDirectory), Path.GetFullPath(observer.ParentAtChmod!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, observer.ParentModeAtChmod);
        Assert.Empty(observer.CacheFilesAtChmod);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(CacheDirectory, Key + ".json")));
        Assert.Equal([Path.Combine(CacheDirectory, Key + ".json")], Directory.GetFileSystemEntries(CacheDirectory));
    }

    [UnixOnlyFact("Windows has no mode bits.")]
    public void Write_ChmodFails_NothingWrittenAndAWarning()
    {
        var cache = new CliSessionCache(CacheDirectory, new FakeTimeProvider(Now), _logger) { PrivateFiles = new Failing(failMkdir: false) };

        Assert.False(cache.Write(Key, Session()));

        Assert.False(File.Exists(Path.Combine(CacheDirectory, Key + ".json")));
        Assert.Empty(Directory.GetFileSystemEntries(CacheDirectory));
        Assert.Contains(_logger.Messages, m => m.Contains("make the file 0600", StringComparison.Ordinal));
    }

    [UnixOnlyFact("Windows has no mode bits.")]
    public void Write_PrivateDirectoryCannotBeMade_NothingWrittenAndAWarning()
    {
        Directory.CreateDirectory(CacheDirectory);
        var cache = new CliSessionCache(CacheDirectory, new FakeTimeProvider(Now), _logger) { PrivateFiles = new Failing(failMkdir: true) };

        Assert.False(cache.Write(Key, Session()));

        Assert.Empty(Directory.GetFileSystemEntries(CacheDirectory));
        Assert.Contains(_logger.Messages, m => m.Contains("create the private directory", StringComparison.Ordinal));
    }

    private static CliCachedSession Session() => new("ASIAPRIVATE000000001", "secret", "token", Now.AddHours(1));

    private sealed class Observing(string cacheDirectory) : UnixPrivateFile
    {
        public string? ParentAtChmod { get; private set; }

        public UnixFileMode ParentModeAtChmod { get; private set; }

        public string[] CacheFilesAtChmod { get; private set; } = [];

        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        protected override int ChangeMode(string path, int mode)
        {
            ParentAtChmod = Path.GetDirectoryName(path);
            ParentModeAtChmod = File.GetUnixFileMode(ParentAtChmod!);
            CacheFilesAtChmod = Directory.GetFiles(cacheDirectory);
            return base.ChangeMode(path, mode);
        }
    }

    private sealed class Failing(bool failMkdir) : UnixPrivateFile
    {
        protected override int MakeDirectory(string path, int mode) => failMkdir && path.EndsWith(".d", StringComparison.Ordinal) ? -1 : base.MakeDirectory(path, mode);

        protected override int ChangeMode(string path, int mode) => -1;
    }
}
#endif
