using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sts.Resilience.WorkerSample;

/// <summary>Every interval, lists the S3 buckets and logs the credentials' health; stops the host after Sample:Iterations rounds (0: never).</summary>
internal sealed partial class BucketLister(
    IAmazonS3 s3,
    HealthCheckService health,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<BucketLister> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Sample:Interval", TimeSpan.FromSeconds(5));
        var iterations = configuration.GetValue("Sample:Iterations", 0);
        for (var round = 1; !stoppingToken.IsCancellationRequested; round++)
        {
            var buckets = await s3.ListBucketsAsync(stoppingToken);
            var report = await health.CheckHealthAsync(stoppingToken);
            var entry = report.Entries[RefreshingRoleCredentialsHealthChecksBuilderExtensions.DefaultName];
            var names = string.Join(", ", buckets.Buckets?.Select(b => b.BucketName) ?? []);
            LogRound(logger, round, buckets.Buckets?.Count ?? 0, names, entry.Status, entry.Description);

            if (iterations > 0 && round >= iterations)
            {
                lifetime.StopApplication();
                return;
            }

            await Task.Delay(interval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Round}: {Count} bucket(s) [{Buckets}]; credentials {Status}: {Description}")]
    private static partial void LogRound(ILogger logger, int round, int count, string buckets, HealthStatus status, string? description);
}
