using System.Globalization;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Sts.Resilience.Demo;

/// <summary>The workload against real AWS: wall-clock time, no faults injected. Never run by the tests.</summary>
public static partial class DemoRunner
{
    private static async Task<DemoSummary> RunAwsAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var profiles = new CredentialProfileStoreChain();
        var roleArn = options.RoleArn;
        var region = options.Region;
        AWSCredentials? source = null;
        string sourceDescription = "the AWS SDK default credential chain";
        if (options.Profile is { } profileName)
        {
            if (!profiles.TryGetProfile(profileName, out var profile))
            {
                throw new DemoException($"Profile '{profileName}' was not found in the AWS config or credentials file.");
            }

            var sourceProfile = profileName;
            if (roleArn is null)
            {
                roleArn = profile.Options.RoleArn
                    ?? throw new DemoException($"Profile '{profileName}' has no role_arn: add --role-arn ARN to assume a role with its credentials.");
                sourceProfile = profile.Options.SourceProfile
                    ?? throw new DemoException($"Profile '{profileName}' has a role_arn but no source_profile (credential_source is not supported by the demo).");
                region ??= profile.Region?.SystemName;
            }

            if (!profiles.TryGetAWSCredentials(sourceProfile, out source))
            {
                throw new DemoException($"Could not read credentials from profile '{sourceProfile}'.");
            }

            sourceDescription = $"profile '{sourceProfile}'";
        }

        if (roleArn is null)
        {
            throw new DemoException("No role: add --role-arn ARN, or --profile NAME with a role_arn.");
        }

        if (region is null)
        {
            throw new DemoException("No region: add --region REGION.");
        }

        var endpoint = RegionEndpoint.GetBySystemName(region);
        var started = TimeProvider.System.GetTimestamp();
        var console = new DemoConsole(output, options.Live ?? false, () => TimeProvider.System.GetElapsedTime(started));
        var logs = options.ShowLog ? new DemoLoggerFactory(console) : null;
        using var telemetry = new LibraryTelemetry(roleArn, () => TimeProvider.System.GetElapsedTime(started));
        ExpiredTokenRetry.Register(DemoLoggerFactory.Shared);
        DemoLoggerFactory.Shared.Target = logs is null ? null : console;
        console.Line($"Sts.Resilience demo against real AWS: assuming {roleArn} in {region} with {sourceDescription}; {options.Workers} workers for {options.Duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s. No faults are injected.");

        await using var credentials = new RefreshingRoleCredentials(
            new RefreshingRoleCredentialsOptions { RoleArn = roleArn, Region = region, SourceCredentials = source },
            stsClient: null,
            timeProvider: null,
            loggerFactory: logs);
        using var s3 = new AmazonS3Client(credentials, endpoint);
        using var dynamoDb = new AmazonDynamoDBClient(credentials, endpoint);

        var ledger = new RequestLedger();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Real AWS runs on the wall clock: an "accelerated" clock at 1x, started now.
        var clock = new AcceleratedDemoClock(TimeProvider.System.GetUtcNow(), factor: 1);
        clock.Start();
        var workers = Enumerable.Range(0, options.Workers)
            .Select(_ => Task.Run(() => WorkAsync(s3, dynamoDb, ledger, clock, options.Pause, stop.Token), CancellationToken.None))
            .ToList();
        var progress = Task.Run(
            () => ReportProgressAsync(console, options, ledger, telemetry, () => credentials.Expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) - TimeProvider.System.GetUtcNow() : null, credentials, null, Sts.Resilience.Testing.LocalStsActions.AssumeRole, stop.Token),
            CancellationToken.None);
        var interrupted = false;
        try
        {
            await Task.Delay(options.Duration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await progress;
        DemoLoggerFactory.Shared.Target = null;
        console.EndStatus();
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var summary = new DemoSummary
        {
            Mode = DemoMode.Aws,
            WallClock = elapsed,
            Simulated = elapsed,
            SessionDuration = TimeSpan.FromHours(1),
            RequestsOk = ledger.Ok,
            RequestsFailed = ledger.Failed,
            FailuresByCode = new Dictionary<string, long>(ledger.FailuresByCode),
            FailureMessages = new Dictionary<string, string>(ledger.ExampleMessageByCode),
            FirstFailureAt = ledger.FirstFailure,
            Refreshes = new Dictionary<string, long>(telemetry.Refreshes),
            RecoveredRetries = telemetry.RetryCount("recovered"),
            Interrupted = interrupted,
            Timeline = Timeline(elapsed, ledger, telemetry, []),
        };
        WriteSummary(output, summary, ledger);
        return summary;
    }
}

/// <summary>A problem with the demo's input that the user can fix (a missing profile, region…).</summary>
public sealed class DemoException(string message) : Exception(message);
