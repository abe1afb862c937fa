using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Profiles;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Tests.Profiles;

public sealed class CliCacheCredentialSourceTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sts-cli-source-" + Guid.NewGuid().ToString("N"));
    private readonly CountingSource _inner;
    private readonly CliCacheKeyArguments _key = new("arn:aws:iam::123456789012:role/demo");

    public CliCacheCredentialSourceTests() => _inner = new CountingSource(_time);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task FetchAsync_ValidEntry_IsUsedOnceThenTheInnerSourceIsAsked()
    {
        new CliSessionCache(_directory, _time).Write(CliCacheKey.Compute(_key), new CliCachedSession("ASIACACHED0000000001", "s", "t", _time.GetUtcNow().AddHours(1)));
        var sut = CreateSut();

        var first = await sut.FetchAsync(CancellationToken.None);
        var second = await sut.FetchAsync(CancellationToken.None);

        // The engine asks again only when it wants newer credentials: the same cached session would loop.
        Assert.Equal("ASIACACHED0000000001", first.Credentials.AccessKey);
        Assert.Null(first.ServerTime);
        Assert.Equal("ASIAINNER00000000001", second.Credentials.AccessKey);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_AnotherProcessRefreshedTheEntry_UsesItsNewerSession()
    {
        var sut = CreateSut();
        await sut.FetchAsync(CancellationToken.None); // inner call, entry written
        new CliSessionCache(_directory, _time).Write(CliCacheKey.Compute(_key), new CliCachedSession("ASIAOTHERPROCESS0001", "s", "t", _time.GetUtcNow().AddHours(1)));

        var next = await sut.FetchAsync(CancellationToken.None);

        Assert.Equal("ASIAOTHERPROCESS0001", next.Credentials.AccessKey);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_InnerFails_WritesNothingAndRethrows()
    {
        _inner.Fail = true;
        var sut = CreateSut();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.FetchAsync(CancellationToken.None).AsTask());

        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task FetchAsync_InnerReturnsExpiredSession_IsNotCached()
    {
        _inner.Lifetime = TimeSpan.FromMinutes(-1);
        var sut = CreateSut();

        await sut.FetchAsync(CancellationToken.None);

        Assert.False(File.Exists(sut.EntryPath));
    }

    [Fact]
    public void DescriptionAndErrorClasses_ComeFromTheInnerSource()
    {
        var sut = CreateSut();

        Assert.Equal("inner", sut.Description);
        Assert.True(sut.IsNonRecoverable(new UnauthorizedAccessException()));
        Assert.False(sut.IsNonRecoverable(new TimeoutException()));
    }

    private CliCacheCredentialSource CreateSut() => new(_inner, new CliSessionCache(_directory, _time), _key, _time, NullLogger.Instance);

    private sealed class CountingSource(TimeProvider time) : ICredentialSource
    {
        public int Calls { get; private set; }

        public bool Fail { get; set; }

        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

        public string Description => "inner";

        public ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        {
            Calls++;
            if (Fail)
            {
                throw new InvalidOperationException("STS is down");
            }

            var key = "ASIAINNER" + Calls.ToString("D11", System.Globalization.CultureInfo.InvariantCulture);
            return new ValueTask<SourceCredentials>(new SourceCredentials(new ImmutableCredentials(key, "secret", "token"), time.GetUtcNow() + Lifetime, time.GetUtcNow()));
        }

        public bool IsNonRecoverable(Exception exception) => exception is UnauthorizedAccessException;
    }
}
