using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.Tests.TestSupport;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Whatever lies in the AWS CLI cache folder, reading it gives a hit or a miss and never throws; a hit always has more
/// than the CLI's 15 minutes left; what this library writes, it reads back.
/// </summary>
public sealed class CliCachePropertyTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Expiration = Gen.Frequency(
        (4, Gen.OneOf(
            "2026-06-01T13:00:00Z", "2026-06-01T12:10:00Z", "2026-06-01T11:00:00Z", "2026-06-01T13:00:00UTC", "2026-06-01T13:00:00 UTC",
            "2026-06-01T13:00:00+00:00", "2026-06-01T15:00:00+02:00", "2026-06-01T13:00:00.123456789012Z", "2026-06-01T13:00:00",
            "2026-06-01", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "UTC", "utc", "", " ", "Z", "1780315200", "-1", "NaN", "2026-06-01T13:00:00ZUTC",
            "2026-06-01T13:00:00UTCUTC", "\u0662\u0660\u0662\u0666-06-01T13:00:00Z", "2026-06-01T13:00:00+24:00", "Mon, 01 Jun 2026 13:00:00 GMT")),
        (1, Gen.String[0, 30]));

    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (6, Gen.String[0, 40].Select(Quote)),
        (3, Expiration.Select(Quote)),
        (1, Gen.OneOf("null", "true", "false", "0", "-1.5e300", "1e999", "[]", "{}", "[\"a\"]", "{\"a\":1}", "\"\\ud800\"", "\"\\u0000\"")));

    private static readonly Gen<string> Field = Gen.Select(
        Gen.Frequency((8, Gen.OneOf("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")), (1, Gen.OneOf("accesskeyid", "Arn", "AssumedRoleId", "")), (1, Gen.String[0, 8])),
        JsonValue,
        (name, value) => Quote(name) + ":" + value);

    private static readonly Gen<string> CacheJson = Gen.Select(
        Field.Array[0, 6],
        Gen.Frequency((8, Gen.OneOf("Credentials")), (1, Gen.OneOf("credentials", "AssumedRoleUser", "")), (1, Gen.String[0, 8])),
        Gen.Frequency((6, Gen.Const(string.Empty)), (1, Gen.OneOf(",\"AssumedRoleUser\":{\"Arn\":1}", ",\"AssumedRoleUser\":\"x\"", ",\"Credentials\":null", ",\"Credentials\":{}", ",\"ResponseMetadata\":{\"RequestId\":\"r\"}"))),
        Gen.Int[0, 6],
        (fields, container, tail, shape) => shape switch
        {
            0 => "[" + string.Join(",", fields) + "]",
            1 => Quote(container),
            2 => "{" + Quote(container) + ":[" + string.Join(",", fields) + "]" + tail + "}",
            _ => "{" + Quote(container) + ":{" + string.Join(",", fields) + "}" + tail + "}",
        });

    private static readonly Gen<byte[]> FileBytes = Gen.Frequency(
        (6, CacheJson.Select(json => Encoding.UTF8.GetBytes(json))),
        (1, CacheJson.Select(json => (byte[])[.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)])),
        (1, CacheJson.Select(json => Encoding.Unicode.GetBytes(json))),
        (1, Gen.Select(CacheJson, Gen.Int[0, 200], (json, cut) => Encoding.UTF8.GetBytes(json[..Math.Min(cut, json.Length)]))),
        (2, Gen.Byte.Array[0, 1024]),
        (1, Gen.Int[1, 2000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))));

    private readonly string _directory = Directory.CreateTempSubdirectory("sts-resilience-cli-cache-").FullName;
    private readonly ITestOutputHelper _output;

    public CliCachePropertyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void TryRead_AnyFileContent_HitWithMoreThan15MinutesLeftOrMiss()
        => FileBytes.Sample(
            bytes =>
            {
                var cache = new CliSessionCache(Path.Combine(_directory, Guid.NewGuid().ToString("N")), new FakeTimeProvider(Now));
                Directory.CreateDirectory(cache.Directory);
                File.WriteAllBytes(cache.PathFor(Key), bytes);

                var hit = cache.TryRead(Key);
                var entries = cache.ListEntries();
                cache.DeleteExpired();

                if (hit is not null)
                {
                    Assert.True(hit.Expiration - Now >= CliSessionCache.MinimumRemaining, $"a hit expiring at {hit.Expiration:o}");
                    Assert.False(string.IsNullOrEmpty(hit.AccessKeyId));
                }

                Assert.Equal(hit is not null, Assert.Single(entries).State == CliCacheEntryState.Valid);
                Directory.Delete(cache.Directory, recursive: true);
            },
            iter: PropertyRuns.IoIterations, threads: PropertyRuns.Threads, print: bytes => Encoding.UTF8.GetString(bytes), writeLine: _output.WriteLine);

    [Fact]
    public void TryParse_AnyBytes_SessionOrReason()
        => FileBytes.Sample(
            bytes =>
            {
                var session = CliCachedSession.TryParse(bytes, out var reason);
                Assert.True(session is null != (reason is null), "exactly one of a session and a reason");
            },
            iter: PropertyRuns.Iterations, threads: PropertyRuns.Threads, print: bytes => Encoding.UTF8.GetString(bytes), writeLine: _output.WriteLine);

    [Theory]
    [InlineData("8UD6pCDl7Ga3")] // an escaped lone surrogate in a field threw InvalidOperationException
    [InlineData("eDc-LQO09-G2")]
    public void TryParse_FailingSeeds_SessionOrReason(string seed)
        => FileBytes.Sample(bytes => CliCachedSession.TryParse(bytes, out _), seed: seed, iter: 1, threads: 1);

    [Fact]
    public void TryParse_EscapedLoneSurrogate_MissWithReason()
    {
        var json = """{"Credentials":{"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s","SessionToken":"\ud800","Expiration":"2026-06-01T13:00:00Z"}}"""u8.ToArray();

        Assert.Null(CliCachedSession.TryParse(json, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void TryParseExpiration_AnyText_DateOrFalse()
        => Expiration.Sample(
            text =>
            {
                if (CliCachedSession.TryParseExpiration(text, out var expiration))
                {
                    Assert.Equal(TimeSpan.Zero, expiration.Offset);
                }
            },
            iter: PropertyRuns.Iterations, threads: PropertyRuns.Threads, writeLine: _output.WriteLine);

    [Fact]
    public void WriteThenTryRead_AnySession_ReadsBackWhatWasWritten()
        => Gen.Select(Gen.String[1, 40], Gen.String[1, 60], Gen.String[1, 80], Gen.Int[16 * 60, 13 * 3600], Gen.String[0, 30])
            .Sample(
                (keyId, secret, token, seconds, arn) =>
                {
                    var cache = new CliSessionCache(Path.Combine(_directory, Guid.NewGuid().ToString("N")), new FakeTimeProvider(Now));
                    var written = new CliCachedSession(keyId, secret, token, Now.AddSeconds(seconds)) { AssumedRoleArn = arn.Length == 0 ? null : arn };

                    Assert.True(cache.Write(Key, written));
                    var read = cache.TryRead(Key);

                    Assert.NotNull(read);
                    Assert.Equal((written.AccessKeyId, written.SecretAccessKey, written.SessionToken, written.Expiration, written.AssumedRoleArn),
                        (read.AccessKeyId, read.SecretAccessKey, read.SessionToken, read.Expiration, read.AssumedRoleArn));
                    Directory.Delete(cache.Directory, recursive: true);
                },
                iter: PropertyRuns.IoIterations, threads: PropertyRuns.Threads, writeLine: _output.WriteLine);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
