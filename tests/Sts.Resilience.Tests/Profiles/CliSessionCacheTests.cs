using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Tests.Profiles;

public sealed class CliSessionCacheTests : IDisposable
{
    private const string Key = "311d2ff220ef84dfbcb1e4b69d1b3ea4b324e998";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sts-cli-cache-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CollectingLogger _logger = new();

    private string CacheDirectory => Path.Combine(_root, "cli", "cache");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Write_ThenTryRead_RoundTripsEveryField()
    {
        var sut = CreateSut();
        var session = Session("ASIAROUNDTRIP0000001", Now.AddHours(1));

        Assert.True(sut.Write(Key, session));
        var read = sut.TryRead(Key);

        Assert.NotNull(read);
        Assert.Equal(session.AccessKeyId, read.AccessKeyId);
        Assert.Equal(session.SecretAccessKey, read.SecretAccessKey);
        Assert.Equal(session.SessionToken, read.SessionToken);
        Assert.Equal(session.Expiration, read.Expiration);
        Assert.Equal(session.AssumedRoleArn, read.AssumedRoleArn);
        Assert.Equal(session.AssumedRoleId, read.AssumedRoleId);
    }

    [Fact]
    public void Write_ProducesTheCliJsonUnderTheKeyFileName()
    {
        var sut = CreateSut();

        sut.Write(Key, Session("ASIAJSONSHAPE0000001", new DateTimeOffset(2026, 11, 28, 13, 4, 35, TimeSpan.Zero)));

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CacheDirectory, Key + ".json")));
        var credentials = document.RootElement.GetProperty("Credentials");
        Assert.Equal("ASIAJSONSHAPE0000001", credentials.GetProperty("AccessKeyId").GetString());
        Assert.Equal("secret-key", credentials.GetProperty("SecretAccessKey").GetString());
        Assert.Equal("session-token", credentials.GetProperty("SessionToken").GetString());
        Assert.Equal("2026-11-28T13:04:35Z", credentials.GetProperty("Expiration").GetString());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/demo/alice", document.RootElement.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        Assert.Equal("AROAEXAMPLE:alice", document.RootElement.GetProperty("AssumedRoleUser").GetProperty("AssumedRoleId").GetString());
        Assert.Equal([Key + ".json"], Directory.GetFiles(CacheDirectory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("2026-11-28T13:04:35Z")]
    [InlineData("2026-11-28T13:04:35UTC")]
    [InlineData("2026-11-28T13:04:35+00:00")]
    [InlineData("2026-11-28T13:04:35.000Z")]
    [InlineData("2026-11-28T14:04:35+01:00")]
    [InlineData("2026-11-28 13:04:35+00:00")]
    public void TryRead_EveryExpirationForm_ReadsTheSameInstant(string expiration)
    {
        var sut = CreateSut();
        WriteRaw(Key, CliJson("ASIAFORMS00000000001", expiration));

        var read = sut.TryRead(Key);

        Assert.NotNull(read);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 4, 35, TimeSpan.Zero), read.Expiration);
    }

    [Fact]
    public void TryRead_LessThanFifteenMinutesLeft_IsAMissLikeTheCli()
    {
        var sut = CreateSut();
        sut.Write(Key, Session("ASIASOON000000000001", Now.AddMinutes(15)));
        Assert.NotNull(sut.TryRead(Key));

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(sut.TryRead(Key));
        Assert.True(File.Exists(Path.Combine(CacheDirectory, Key + ".json")));
    }

    [Fact]
    public void TryRead_ExpiredEntry_IsIgnoredAndKept()
    {
        var sut = CreateSut();
        sut.Write(Key, Session("ASIAEXPIRED000000001", Now.AddMinutes(-1)));

        Assert.Null(sut.TryRead(Key));
        Assert.True(File.Exists(Path.Combine(CacheDirectory, Key + ".json")));
    }

    [Fact]
    public void TryRead_NoFile_IsAMissWithoutALog()
    {
        var sut = CreateSut();

        Assert.Null(sut.TryRead(Key));
        Assert.Empty(_logger.Messages);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("""{"Credentials": {"AccessKeyId": "ASIA""")]
    [InlineData("""{"token": "sso-cache-file-of-another-tool"}""")]
    [InlineData("""{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "s", "Expiration": "2026-11-28T13:04:35Z"}}""")]
    [InlineData("""{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "tomorrow"}}""")]
    [InlineData("""[1, 2, 3]""")]
    public void TryRead_CorruptOrForeignFile_IsAMissLoggedOnce(string content)
    {
        var sut = CreateSut();
        WriteRaw(Key, content);

        Assert.Null(sut.TryRead(Key));
        Assert.Null(sut.TryRead(Key));

        var message = Assert.Single(_logger.Messages);
        Assert.Contains(Key + ".json", message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(CacheDirectory, Key + ".json")));
    }

    [Fact]
    public void TryRead_TruncatedCopyOfAValidFile_IsAMiss()
    {
        var sut = CreateSut();
        var whole = Session("ASIATRUNCATED0000001", Now.AddHours(1)).ToJson();

        WriteRaw(Key, Encoding.UTF8.GetString(whole, 0, whole.Length / 2));

        Assert.Null(sut.TryRead(Key));
    }

    [Fact]
    public void Write_OverACorruptFile_RepairsIt()
    {
        var sut = CreateSut();
        WriteRaw(Key, "{garbage");

        sut.Write(Key, Session("ASIAREPAIRED00000001", Now.AddHours(1)));

        Assert.Equal("ASIAREPAIRED00000001", sut.TryRead(Key)?.AccessKeyId);
    }

    [UnixOnlyFact("Windows has no mode bits; the user profile ACL protects the folder.")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_OnUnix_CreatesDirectory0700AndFile0600()
    {
        var sut = CreateSut();

        sut.Write(Key, Session("ASIAMODES00000000001", Now.AddHours(1)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CacheDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(CacheDirectory, Key + ".json")));
    }

    [UnixOnlyFact("Windows has no mode bits; the user profile ACL protects the file.")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_OverAnExistingWorldReadableFile_Leaves0600()
    {
        var sut = CreateSut();
        WriteRaw(Key, "{}");
        File.SetUnixFileMode(Path.Combine(CacheDirectory, Key + ".json"), (UnixFileMode)Convert.ToInt32("644", 8));

        sut.Write(Key, Session("ASIAMODES00000000002", Now.AddHours(1)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(CacheDirectory, Key + ".json")));
    }

    [Fact]
    public void Write_DirectoryCannotBeCreated_ReturnsFalseAndLogs()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "a file where the cache folder should be");
        var sut = new CliSessionCache(Path.Combine(blocker, "cache"), _time, _logger);

        Assert.False(sut.Write(Key, Session("ASIABLOCKED000000001", Now.AddHours(1))));
        Assert.Single(_logger.Messages);
        Assert.DoesNotContain("ASIABLOCKED000000001", _logger.Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_TwoInstancesOnTwoThreadsAtOnce_ReaderNeverSeesATornFileAndOneValidEntryRemains()
    {
        var writerA = CreateSut();
        var writerB = CreateSut();
        var reader = CreateSut();
        writerA.Write(Key, Session("ASIAWRITERA000000000", Now.AddHours(1)));
        using var start = new Barrier(3);
        var torn = 0;

        Task Writer(CliSessionCache cache, string prefix) => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    Assert.True(cache.Write(Key, Session(prefix + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), Now.AddHours(1))));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var a = Writer(writerA, "ASIAWRITERA0");
        var b = Writer(writerB, "ASIAWRITERB0");
        var read = Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                while (!a.IsCompleted || !b.IsCompleted)
                {
                    if (reader.TryRead(Key) is null)
                    {
                        Interlocked.Increment(ref torn);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await Task.WhenAll(a, b, read);

        Assert.Equal(0, torn);
        Assert.Empty(_logger.Messages);
        var final = reader.TryRead(Key);
        Assert.NotNull(final);
        Assert.Contains(final.AccessKeyId, new[] { "ASIAWRITERA000000199", "ASIAWRITERB000000199" });
        Assert.Equal([Key + ".json"], Directory.GetFiles(CacheDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public void ListEntries_ReportsEachStateWithoutSecrets()
    {
        var sut = CreateSut();
        sut.Write("aaaa", Session("ASIAVALID00000000001", Now.AddHours(1)));
        sut.Write("bbbb", Session("ASIASOON000000000002", Now.AddMinutes(5)));
        sut.Write("cccc", Session("ASIAEXPIRED000000003", Now.AddMinutes(-5)));
        WriteRaw("dddd", "{broken");
        File.WriteAllText(Path.Combine(CacheDirectory, "notes.txt"), "not an entry");

        var entries = sut.ListEntries();

        Assert.Equal(["aaaa", "bbbb", "cccc", "dddd"], entries.Select(e => e.Key));
        Assert.Equal([CliCacheEntryState.Valid, CliCacheEntryState.ExpiringSoon, CliCacheEntryState.Expired, CliCacheEntryState.Unreadable], entries.Select(e => e.State));
        Assert.Equal(["0001", "0002", "0003", null], entries.Select(e => e.AccessKeyIdSuffix));
        Assert.Equal(Now.AddHours(1), entries[0].Expiration);
        Assert.NotNull(entries[3].Reason);
        Assert.All(entries, e => Assert.DoesNotContain("secret-key", e.ToString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("session-token", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void ListEntries_NoDirectory_IsEmpty()
    {
        Assert.Empty(CreateSut().ListEntries());
    }

    [Fact]
    public void DeleteExpired_RemovesOnlyExpiredEntries()
    {
        var sut = CreateSut();
        sut.Write("aaaa", Session("ASIAVALID00000000001", Now.AddHours(1)));
        sut.Write("bbbb", Session("ASIASOON000000000002", Now.AddMinutes(5)));
        sut.Write("cccc", Session("ASIAEXPIRED000000003", Now.AddMinutes(-5)));
        WriteRaw("dddd", "{broken");

        var deleted = sut.DeleteExpired();

        Assert.Equal([Path.Combine(CacheDirectory, "cccc.json")], deleted);
        Assert.Equal(["aaaa.json", "bbbb.json", "dddd.json"], Directory.GetFiles(CacheDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToString_ShowsOnlyTheLastFourCharactersOfTheKeyId()
    {
        var text = Session("ASIATOSTRING00000042", Now.AddHours(1)).ToString();

        Assert.Contains("...0042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIATOSTRING", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultDirectory_IsUnderHome()
    {
        Assert.Equal(Path.Combine(ProfileFileLocations.HomeDirectory(), ".aws", "cli", "cache"), new CliSessionCache().Directory);
    }

    private static CliCachedSession Session(string accessKeyId, DateTimeOffset expiration)
        => new(accessKeyId, "secret-key", "session-token", expiration)
        {
            AssumedRoleArn = "arn:aws:sts::123456789012:assumed-role/demo/alice",
            AssumedRoleId = "AROAEXAMPLE:alice",
        };

    private static string CliJson(string accessKeyId, string expiration)
        => $$$"""{"Credentials": {"AccessKeyId": "{{{accessKeyId}}}", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "{{{expiration}}}"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:x", "Arn": "arn:aws:sts::123456789012:assumed-role/demo/x"}, "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200}}""";

    private CliSessionCache CreateSut() => new(CacheDirectory, _time, _logger);

    private void WriteRaw(string key, string content)
    {
        Directory.CreateDirectory(CacheDirectory);
        File.WriteAllText(Path.Combine(CacheDirectory, key + ".json"), content);
    }
}

internal sealed class CollectingLogger : ILogger
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}
