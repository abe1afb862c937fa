using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>Runs the demo against the embedded LocalSts (resilient or naive) and prints progress and a summary.</summary>
public static partial class DemoRunner
{
    private const string S3Operation = "S3 ListBuckets";
    private const string DynamoDbOperation = "DynamoDB ListTables";

    /// <summary>Runs the demo described by <paramref name="options"/>, writing to <paramref name="output"/>.</summary>
    /// <returns>The summary; its <see cref="DemoSummary.ExitCode"/> is the process exit code.</returns>
    public static Task<DemoSummary> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        return options.Mode == DemoMode.Aws
            ? RunAwsAsync(options, output, cancellationToken)
            : RunLocalAsync(options, output, cancellationToken);
    }

    private static async Task<DemoSummary> RunLocalAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var naive = options.Mode == DemoMode.Naive;
        var clock = options.Stepped
            ? (DemoClock)new SteppedDemoClock(TimeProvider.System.GetUtcNow(), options.Step, options.Workers)
            : new AcceleratedDemoClock(TimeProvider.System.GetUtcNow(), options.Factor);
        using var clockLifetime = clock as IDisposable;
        var time = clock.Time;

        // Sessions, outages and the Date header run on the accelerated clock; X-Amz-Date checks stay on the wall clock,
        // which is what the AWS SDK signs with.
        await using var sts = await LocalSts.StartAsync(new LocalStsOptions { TimeProvider = time, SignatureClock = TimeProvider.System }, cancellationToken);
        var user = sts.CreateUser("demo-app");
        var role = sts.CreateRole("demo-role", o => o.MaxSessionDuration = options.SessionDuration < TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : options.SessionDuration);
        var console = new DemoConsole(output, options.Live ?? false, () => clock.Elapsed);
        var logs = options.ShowLog ? new DemoLoggerFactory(console) : null;

        console.Line(naive
            ? "Sts.Resilience demo, NAIVE mode: SessionAWSCredentials built once from an AssumeRole response (what the troubleshooting guides show)."
            : $"Sts.Resilience demo: {SourceTypeName(options.Source)} + the expired-token retry handler, against an embedded LocalSts.");
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"LocalSts on {sts.ServiceUrl}; {options.Workers} workers call {S3Operation} and {DynamoDbOperation} through the AWS SDK."));
        console.Line(clock.Describe(options) + " Times below are session time since the start.");
        console.Line(string.Empty);

        var skew = options.Soak ? new SkewedTimeProvider(time) : null;
        DemoCredentials? source = null;
        AWSCredentials credentials;
        DateTimeOffset? naiveExpiration = null;
        if (naive)
        {
            // The anti-pattern this library exists to replace, on purpose: one AssumeRole, copied into fixed credentials.
            using var client = new AmazonSecurityTokenServiceClient(user.Credentials, WallClockSigning(sts.CreateStsConfig()));
            var response = await client.AssumeRoleAsync(
                new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "naive", DurationSeconds = (int)options.SessionDuration.TotalSeconds },
                cancellationToken);
#pragma warning disable STSR003 // The naive mode shows exactly what STSR003 warns about.
            credentials = new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken);
#pragma warning restore STSR003
            naiveExpiration = response.Credentials.Expiration is { } expires ? new DateTimeOffset(DateTime.SpecifyKind(expires.ToUniversalTime(), DateTimeKind.Utc)) : null;
        }
        else
        {
            // Before any client is built: the handler is installed into clients constructed afterwards.
            ExpiredTokenRetry.Register(DemoLoggerFactory.Shared);
            DemoLoggerFactory.Shared.Target = logs is null ? null : console;
            source = CreateCredentials(options, sts, user, role, (TimeProvider?)skew ?? time, logs);
            credentials = source.Credentials;
        }

        var refreshing = source?.Credentials;
        using var telemetry = new LibraryTelemetry(refreshing?.Status.RoleArn ?? role.Arn, () => clock.Elapsed);
        try
        {
            using var s3 = new AmazonS3Client(credentials, WallClockSigning(sts.CreateS3Config()));
            using var dynamoDb = new AmazonDynamoDBClient(credentials, WallClockSigning(sts.CreateDynamoDbConfig()));

            // Warm up (JIT, first connections) while the clock stands still, so it costs no session time.
            await s3.ListBucketsAsync(cancellationToken);
            await dynamoDb.ListTablesAsync(new ListTablesRequest(), cancellationToken);

            var ledger = new RequestLedger();
            var faults = new List<InjectedFault>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            clock.Start();
            var started = TimeProvider.System.GetTimestamp();

            var workers = Enumerable.Range(0, options.Workers)
                .Select(_ => Task.Run(() => WorkAsync(s3, dynamoDb, ledger, clock, options.Pause, stop.Token), CancellationToken.None))
                .ToList();
            var soak = options.Soak
                ? new SoakRun(sts, refreshing!, (SteppedDemoClock)clock, skew!, console, ledger, faults) { Seed = options.Seed, Plan = SoakPlan.Create(options.Seed, options.SimulatedSpan) }
                : null;
            if (soak is not null)
            {
                ((SteppedDemoClock)clock).AfterStep = soak.AfterStep;
            }

            var chaos = naive
                ? Task.CompletedTask
                : soak is not null
                    ? Task.Run(() => soak.InjectAsync(stop.Token), CancellationToken.None)
                    : Task.Run(() => InjectFaultsAsync(sts, source!, clock, console, telemetry, ledger, faults, stop.Token), CancellationToken.None);
            var progress = Task.Run(() => ReportProgressAsync(console, options, ledger, telemetry, () => Expiry(refreshing, naiveExpiration, time), refreshing, sts, source?.SessionAction ?? LocalStsActions.AssumeRole, stop.Token), CancellationToken.None);

            bool interrupted;
            try
            {
                interrupted = await clock.RunAsync(options, chaos, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
            }

            await Task.WhenAll(workers);
            await chaos;
            await progress;
            console.EndStatus();

            var summary = new DemoSummary
            {
                Mode = options.Mode,
                WallClock = TimeProvider.System.GetElapsedTime(started),
                Simulated = clock.Elapsed,
                SessionDuration = options.SessionDuration,
                RequestsOk = ledger.Ok,
                RequestsFailed = ledger.Failed,
                FailuresByCode = new Dictionary<string, long>(ledger.FailuresByCode),
                FailureMessages = new Dictionary<string, string>(ledger.ExampleMessageByCode),
                FirstFailureAt = ledger.FirstFailure,
                Source = options.Source,
                SessionAction = source?.SessionAction ?? LocalStsActions.AssumeRole,
                SessionsIssued = sts.Counters.Succeeded(source?.SessionAction ?? LocalStsActions.AssumeRole),
                AssumeRoleOutcomes = sts.Counters.ByOutcome(source?.SessionAction ?? LocalStsActions.AssumeRole),
                Refreshes = new Dictionary<string, long>(telemetry.Refreshes),
                ExpiredTokenRejections = sts.Counters.Count(LocalStsActions.ListBuckets, "ExpiredToken") + sts.Counters.Count(LocalStsActions.ListTables, "ExpiredTokenException"),
                RecoveredRetries = telemetry.RetryCount("recovered"),
                ThrottledResponses = sts.Counters.Count(LocalStsActions.ListBuckets, "SlowDown") + sts.Counters.Count(LocalStsActions.ListTables, "ThrottlingException"),
                Faults = faults,
                Interrupted = interrupted,
                Soak = soak?.Report(),
                Timeline = Timeline(clock.Elapsed, ledger, telemetry, faults),
            };
            WriteSummary(output, summary, ledger);
            return summary;
        }
        finally
        {
            DemoLoggerFactory.Shared.Target = null;
            if (source is not null)
            {
                await source.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// LocalSts's <c>Date</c> header carries the accelerated session clock, hours ahead of the wall clock by the end.
    /// AWSSDK.Core 4.1 records the skew from every response's <c>Date</c> header and signs with it, which would move the
    /// clients' <c>X-Amz-Date</c> off the wall clock that LocalSts checks signatures against. The demo turns that
    /// correction off for its clients; against real AWS it stays on.
    /// </summary>
    private static T WallClockSigning<T>(T config)
        where T : ClientConfig
    {
        config.DisableClockSkewCorrection = true;
        return config;
    }

    private static async Task WorkAsync(AmazonS3Client s3, AmazonDynamoDBClient dynamoDb, RequestLedger ledger, DemoClock clock, TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Calls are not cancelled at the end: a call cut short by the demo is not a failure the library caused.
            await CallAsync(ledger, S3Operation, () => clock.Elapsed, () => s3.ListBucketsAsync(CancellationToken.None));
            await CallAsync(ledger, DynamoDbOperation, () => clock.Elapsed, () => dynamoDb.ListTablesAsync(new ListTablesRequest(), CancellationToken.None));
            if (!await clock.PaceAsync(pause, stop))
            {
                return;
            }
        }
    }

    private static async Task CallAsync(RequestLedger ledger, string operation, Func<TimeSpan> clock, Func<Task> call)
    {
        try
        {
            await call();
            ledger.Succeeded(operation, clock());
        }
#pragma warning disable CA1031 // Every failure is what the demo counts and reports.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ledger.Fail(operation, ex, clock());
        }
    }

    private static TimeSpan? Expiry(RefreshingCredentials? refreshing, DateTimeOffset? naiveExpiration, TimeProvider time)
    {
        if (refreshing?.Expiration is { } expiration)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) - time.GetUtcNow();
        }

        return naiveExpiration - time.GetUtcNow();
    }

    private static async Task ReportProgressAsync(
        DemoConsole console,
        DemoOptions options,
        RequestLedger ledger,
        LibraryTelemetry telemetry,
        Func<TimeSpan?> timeToExpiry,
        RefreshingCredentials? refreshing,
        LocalSts? sts,
        string sessionAction,
        CancellationToken stop)
    {
        var interval = console.Live ? TimeSpan.FromMilliseconds(250) : options.Stepped ? TimeSpan.FromSeconds(2) : options.Duration / 6;
        while (true)
        {
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"progress ok {ledger.Ok} failed {ledger.Failed}");
            if (sts is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" | sessions {sts.Counters.Succeeded(sessionAction)}");
            }

            if (refreshing is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" | refreshes {telemetry.RefreshCount(outcome: "success")} ok {telemetry.RefreshCount(outcome: "failure")} failed")
                    .Append(CultureInfo.InvariantCulture, $" | retries recovered {telemetry.RetryCount("recovered")}");
            }

            if (timeToExpiry() is { } left)
            {
                text.Append(left > TimeSpan.Zero ? $" | expires in {DemoConsole.Format(left)}" : $" | EXPIRED {DemoConsole.Format(left.Negate())} ago");
            }

            if (refreshing?.Status is { InBackoff: true })
            {
                text.Append(" | backing off");
            }

            console.Status(string.Create(CultureInfo.InvariantCulture, $"+{DemoConsole.Format(console.Now),-8} ") + text);
        }
    }
}
