using System.Globalization;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>The faults of the resilient run, injected at moments chosen from the credentials' own state.</summary>
public static partial class DemoRunner
{
    private static async Task InjectFaultsAsync(
        LocalSts sts,
        DemoCredentials source,
        DemoClock time,
        DemoConsole console,
        LibraryTelemetry telemetry,
        RequestLedger ledger,
        List<InjectedFault> faults,
        CancellationToken stop)
    {
        var credentials = source.Credentials;

        // Every fault of the schedule ends up in the summary: one the run ended before is reported as not reached.
        var schedule = new (string Name, Func<Task> Inject)[]
        {
            ("S3 + DynamoDB throttling", () => ThrottleServicesAsync(sts, time, console, ledger, faults, stop)),
            ("early session revocation", () => RevokeSessionsAsync(sts, credentials, time, console, telemetry, ledger, faults, stop)),
            (OutageName(source), () => FailSourceAtRefreshAsync(sts, source, time, console, ledger, faults, outage: true, stop)),
            (ThrottlingName(source), () => FailSourceAtRefreshAsync(sts, source, time, console, ledger, faults, outage: false, stop)),
        };

        try
        {
            foreach (var (_, inject) in schedule)
            {
                await inject();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended before every fault was injected (a short --duration, or a machine too busy for the pace).
        }
        finally
        {
            sts.Faults.EndOutage();
            foreach (var (name, _) in schedule)
            {
                if (!faults.Exists(f => f.Name == name))
                {
                    faults.Add(new InjectedFault(name, time.Elapsed, "NOT REACHED: the run ended before this fault was injected or its outcome was seen (run longer, or with --stepped)", Handled: false, Reached: false));
                }
            }
        }
    }

    /// <summary>Ten minutes in: S3 and DynamoDB throttle two calls each; the SDK backs off and retries them.</summary>
    private static async Task ThrottleServicesAsync(LocalSts sts, DemoClock time, DemoConsole console, RequestLedger ledger, List<InjectedFault> faults, CancellationToken stop)
    {
        await time.WaitUntilAsync(() => time.Elapsed >= TimeSpan.FromMinutes(10), stop);
        var at = time.Elapsed;
        var failedBefore = ledger.Failed;
        sts.Faults.FailNext(LocalStsActions.ListBuckets, 2, LocalStsFault.Throttling);
        sts.Faults.FailNext(LocalStsActions.ListTables, 2, LocalStsFault.Throttling);
        console.Event("FAULT", "S3 and DynamoDB throttle the next 2 calls each (SlowDown 503, ThrottlingException 400)");
        await time.WaitUntilAsync(() => sts.Faults.PendingFailures(LocalStsActions.ListBuckets) + sts.Faults.PendingFailures(LocalStsActions.ListTables) == 0, stop);
        await time.SettleAsync(stop); // let the SDK's retries finish
        var failed = ledger.Failed - failedBefore;
        var throttled = sts.Counters.Count(LocalStsActions.ListBuckets, "SlowDown") + sts.Counters.Count(LocalStsActions.ListTables, "ThrottlingException");
        faults.Add(new InjectedFault(
            "S3 + DynamoDB throttling",
            at,
            failed == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{throttled} throttled responses; the AWS SDK backed off and retried each call; no call failed")
                : string.Create(CultureInfo.InvariantCulture, $"{throttled} throttled responses; {failed} calls failed"),
            failed == 0));
    }

    /// <summary>Twenty minutes in: every session is revoked; the retry handler invalidates the credentials and retries once.</summary>
    private static async Task RevokeSessionsAsync(LocalSts sts, RefreshingCredentials credentials, DemoClock time, DemoConsole console, LibraryTelemetry telemetry, RequestLedger ledger, List<InjectedFault> faults, CancellationToken stop)
    {
        await time.WaitUntilAsync(() => time.Elapsed >= TimeSpan.FromMinutes(20), stop);
        var at = time.Elapsed;
        var failedBefore = ledger.Failed;
        var refreshesBefore = credentials.Status.RefreshCount;
        var revokedKey = credentials.Status.AccessKeyIdSuffix;
        sts.RevokeAllSessions();
        console.Event("FAULT", $"every session revoked early (key ...{revokedKey} still has {DemoConsole.Format(Remaining(credentials, time))} to run)");
        await time.WaitUntilAsync(() => credentials.Status.RefreshCount > refreshesBefore && telemetry.RetryCount("recovered") > 0, stop);
        await time.SettleAsync(stop); // let rejected calls in flight finish their retry
        var rejections = sts.Counters.Count(LocalStsActions.ListBuckets, "ExpiredToken") + sts.Counters.Count(LocalStsActions.ListTables, "ExpiredTokenException");
        var recovered = telemetry.RetryCount("recovered");
        var failed = ledger.Failed - failedBefore;
        faults.Add(new InjectedFault(
            "early session revocation",
            at,
            string.Create(CultureInfo.InvariantCulture, $"{Calls(rejections)} rejected with ExpiredToken/ExpiredTokenException; the retry handler invalidated key ...{revokedKey}, one refresh ran, {Calls(recovered)} recovered on the retry; {failed} failed"),
            failed == 0 && recovered > 0));
    }

    /// <summary>
    /// Just before the current session's advisory window: the source fails (an outage of 503s, or throttling) so the
    /// background refresh fails. The credentials keep serving the cached session and back off 300-600 s; the fault
    /// ends right after that failure, and the refresh after the back-off succeeds.
    /// </summary>
    private static async Task FailSourceAtRefreshAsync(LocalSts sts, DemoCredentials source, DemoClock time, DemoConsole console, RequestLedger ledger, List<InjectedFault> faults, bool outage, CancellationToken stop)
    {
        // Wait for the session issued after the previous fault, then for one minute before its advisory window.
        var credentials = source.Credentials;
        var session = credentials.Status.RefreshCount;
        await time.WaitUntilAsync(() => !credentials.Status.InBackoff && credentials.Status.LastError is null, stop);
        var status = credentials.Status;
        var expiration = status.Expiration!.Value;
        var advisoryStart = expiration - status.AdvisoryWindow!.Value;
        await time.WaitUntilAsync(() => time.Time.GetUtcNow() >= advisoryStart - TimeSpan.FromMinutes(1), stop);

        var at = time.Elapsed;
        var failedBefore = ledger.Failed;
        var attemptsBefore = status.LastAttempt;
        var name = outage ? OutageName(source) : ThrottlingName(source);
        var left = DemoConsole.Format(expiration - time.Time.GetUtcNow());
        if (outage)
        {
            sts.Faults.StartOutage(TimeSpan.FromHours(2), LocalStsFault.ServiceUnavailable, source.Service);
            console.Event("FAULT", $"{name} begins (every {SourceServiceName(source)} call: 503) one minute before the advisory window; the session has {left} left");
        }
        else if (source.SessionAction == LocalStsActions.AssumeRole)
        {
            // The role's STS client makes one attempt per refresh, so one throttled answer fails the refresh.
            sts.Faults.FailNext(LocalStsActions.AssumeRole, LocalStsFault.Throttling);
            console.Event("FAULT", $"STS throttles the next AssumeRole (Throttling 400); the session has {left} left");
        }
        else
        {
            // The other sources retry a throttled answer at once (the SDK's STS client, the endpoint client's few
            // attempts): throttle every call until the refresh has failed, whatever the number of attempts.
            sts.Faults.StartOutage(TimeSpan.FromHours(2), LocalStsFault.Throttling, source.Service);
            console.Event("FAULT", $"{name} begins (every {SourceServiceName(source)} call throttled); the session has {left} left");
        }

        await time.WaitUntilAsync(() => credentials.Status is { LastError: not null } s && s.LastAttempt != attemptsBefore, stop);
        var failedStatus = credentials.Status;
        var failedAt = time.Elapsed;
        if (outage)
        {
            await time.DelayAsync(TimeSpan.FromMinutes(1), stop);
        }

        if (outage || source.SessionAction != LocalStsActions.AssumeRole)
        {
            sts.Faults.EndOutage(source.Service);
            console.Event("FAULT", $"{name} ends");
        }

        await time.WaitUntilAsync(() => credentials.Status.RefreshCount > session, stop);
        var refreshedAt = time.Elapsed;
        var failed = ledger.Failed - failedBefore;
        faults.Add(new InjectedFault(
            name,
            at,
            string.Create(CultureInfo.InvariantCulture,
                $"the refresh at +{DemoConsole.Format(failedAt)} failed ({failedStatus.LastError?.Split(':')[0]}); calls kept the cached session (valid until +{DemoConsole.Format(expiration - time.Origin)}) through a {DemoConsole.Format((failedStatus.BackoffUntil ?? time.Time.GetUtcNow()) - (time.Origin + failedAt))} back-off; refreshed at +{DemoConsole.Format(refreshedAt)}; {failed} calls failed"),
            failed == 0));
    }

    /// <summary>The outage fault's name: "STS outage" for the STS sources, else the endpoint's.</summary>
    private static string OutageName(DemoCredentials source) => SourceServiceName(source) + " outage";

    /// <summary>The throttling fault's name: "STS throttling" for the STS sources, else the endpoint's.</summary>
    private static string ThrottlingName(DemoCredentials source) => SourceServiceName(source) + " throttling";

    private static string SourceServiceName(DemoCredentials source) => source.Service switch
    {
        LocalStsServices.ContainerCredentials => "container endpoint",
        LocalStsServices.InstanceMetadata => "IMDS",
        _ => "STS",
    };

    private static string Calls(long count) => count == 1 ? "1 call" : string.Create(CultureInfo.InvariantCulture, $"{count} calls");

    private static TimeSpan Remaining(RefreshingCredentials credentials, DemoClock time) =>
        credentials.Status.Expiration is { } expiration ? expiration - time.Time.GetUtcNow() : TimeSpan.Zero;

}
