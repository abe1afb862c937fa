using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Tests.Engine;

/// <summary>
/// Issue 13, defect 4, at the engine: which thread runs the refresh. A synchronous caller that has to wait runs it on
/// its own thread with the source's synchronous fetch; every other case is as before.
/// </summary>
public sealed class SynchronousFetchTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetCredentials_NoSession_SynchronousSource_FetchesOnTheCallersThreadWithItsSynchronousFetch()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);

        var credentials = engine.GetCredentials();

        Assert.Equal("AKIA1", credentials.AccessKey);
        Assert.Equal((1, 0), (source.SynchronousFetches, source.AsynchronousFetches));
        Assert.Equal(Environment.CurrentManagedThreadId, source.LastFetchThread);
    }

    [Fact]
    public void GetCredentials_Expired_SynchronousSource_FetchesOnTheCallersThread()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);
        engine.GetCredentials();
        time.Advance(TimeSpan.FromMinutes(61));

        var credentials = engine.GetCredentials();

        Assert.Equal("AKIA2", credentials.AccessKey);
        Assert.Equal((2, 0), (source.SynchronousFetches, source.AsynchronousFetches));
        Assert.Equal(Environment.CurrentManagedThreadId, source.LastFetchThread);
    }

    [Fact]
    public async Task GetCredentials_AdvisoryWindow_DoesNotWait_RefreshesOnThePoolAsBefore()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);
        var first = engine.GetCredentials();
        time.Advance(TimeSpan.FromMinutes(50)); // inside the advisory window, outside the mandatory one
        var release = source.HoldAsynchronousFetches();

        // The refresh is held on the pool, so a caller that waited for it would not return: the hang guard says so.
        var served = await Task.Run(engine.GetCredentials).WaitAsync(TimeSpan.FromMinutes(2));
        release.SetResult(true);
        await engine.WaitForInflightAsync();

        Assert.Equal(first.AccessKey, served.AccessKey);
        Assert.Equal((1, 1), (source.SynchronousFetches, source.AsynchronousFetches));
        Assert.Equal("AKIA2", engine.GetCredentials().AccessKey);
    }

    [Fact]
    public void GetCredentials_SourceCannotFetchSynchronously_QueuesTheRefreshAsBefore()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time) { CanFetchSynchronously = false };
        using var engine = CreateEngine(source, time);

        var credentials = engine.GetCredentials();

        Assert.Equal("AKIA1", credentials.AccessKey);
        Assert.Equal((0, 1), (source.SynchronousFetches, source.AsynchronousFetches));
        Assert.NotEqual(Environment.CurrentManagedThreadId, source.LastFetchThread);
    }

    [Fact]
    public async Task GetCredentialsAsync_Expired_SynchronousSource_StillFetchesAsynchronously()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);

        await engine.GetCredentialsAsync();

        Assert.Equal((0, 1), (source.SynchronousFetches, source.AsynchronousFetches));
    }

    [Fact]
    public void GetCredentials_SynchronousFetchFails_BacksOffAndServesTheCachedSessionAsTheAsyncPathDoes()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);
        var first = engine.GetCredentials();
        time.Advance(TimeSpan.FromSeconds((59 * 60) + 30)); // inside the mandatory window (1 min): the caller must wait
        source.Failing = true;

        var served = engine.GetCredentials();
        var again = engine.GetCredentials(); // in backoff: no second attempt

        Assert.Equal(first.AccessKey, served.AccessKey);
        Assert.Equal(first.AccessKey, again.AccessKey);
        Assert.Equal(2, source.SynchronousFetches);
        Assert.True(engine.Status.InBackoff);
    }

    [Fact]
    public void GetCredentials_SynchronousFetch_RunsWithoutTheCallersSynchronizationContext()
    {
        var time = new FakeTimeProvider(Start);
        var source = new ThreadRecordingSource(time);
        using var engine = CreateEngine(source, time);
        var context = new SynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            engine.GetCredentials();
            Assert.Same(context, SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.Null(source.LastFetchContext);
    }

    private static RefreshEngine CreateEngine(ICredentialSource source, TimeProvider time) => new(source, new RefreshEngineOptions
    {
        Name = "sync",
        TimeProvider = time,
        BackgroundRefresh = false,
        Timings = new RefreshTimings { Backoff = () => TimeSpan.FromSeconds(300), FastBackoff = _ => TimeSpan.FromSeconds(1), ExpiredRetry = () => TimeSpan.FromSeconds(1) },
    });

    /// <summary>Hour-long sessions, numbered; records which fetch ran and on which thread.</summary>
    private sealed class ThreadRecordingSource(FakeTimeProvider time) : ISynchronousCredentialSource
    {
        private int _issued;
        private TaskCompletionSource<bool>? _hold;

        public bool CanFetchSynchronously { get; init; } = true;

        public bool Failing { get; set; }

        public int SynchronousFetches { get; private set; }

        public int AsynchronousFetches { get; private set; }

        public int? LastFetchThread { get; private set; }

        public SynchronizationContext? LastFetchContext { get; private set; }

        public string Description => "test";

        public bool IsNonRecoverable(Exception exception) => false;

        public SourceCredentials Fetch(CancellationToken cancellationToken)
        {
            SynchronousFetches++;
            return Issue();
        }

        public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        {
            AsynchronousFetches++;
            await Task.Yield();
            if (_hold is { } hold)
            {
                await hold.Task.ConfigureAwait(false);
            }

            return Issue();
        }

        /// <summary>Holds asynchronous fetches until the returned source is completed.</summary>
        public TaskCompletionSource<bool> HoldAsynchronousFetches() => _hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private SourceCredentials Issue()
        {
            LastFetchThread = Environment.CurrentManagedThreadId;
            LastFetchContext = SynchronizationContext.Current;
            if (Failing)
            {
                throw new AmazonClientException("STS is down");
            }

            var n = Interlocked.Increment(ref _issued);
            return new SourceCredentials(new ImmutableCredentials($"AKIA{n}", "secret", "token"), time.GetUtcNow() + TimeSpan.FromHours(1), time.GetUtcNow());
        }
    }
}
