using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.Runtime;
using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Tests.Credentials;

public class CredentialsTelemetryTests
{
    [Fact]
    public async Task FullRefreshCycle_LogsStableEventsAndNoSecretAnywhere()
    {
        var roleArn = "arn:aws:iam::123456789012:role/logs-" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturingLoggerFactory();
        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time) { ServerClockOffset = TimeSpan.FromMinutes(3) };
        var issued = new List<string>();
        var mode = "fresh";
        sts.Handler = request =>
        {
            switch (mode)
            {
                case "chain" when request.DurationSeconds > 3600:
                    throw FakeSts.Error("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
                case "fail":
                    throw FakeSts.Error("Throttling", "Rate exceeded");
                case "deny":
                    throw FakeSts.Error("AccessDenied", "not authorized");
            }

            var key = sts.NextKeyId();
            issued.Add(key);
            return Task.FromResult(sts.Fresh(keyId: key));
        };
        var errors = new List<string>();
        await using (var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = roleArn, Duration = TimeSpan.FromHours(2) }, sts, time, logs))
        {
            mode = "chain";
            await credentials.GetCredentialsAsync();
            mode = "fresh";
            time.Advance(TimeSpan.FromMinutes(59)); // background refresh in the advisory window
            credentials.Invalidate(credentials.GetCredentials().AccessKey);
            mode = "fail";
            await credentials.GetCredentialsAsync();
            errors.Add(credentials.Status.LastError!);
            time.Advance(TimeSpan.FromMinutes(11));
            mode = "deny";
            time.Advance(TimeSpan.FromMinutes(51));
            // The session has expired and STS refuses: the caller must get the error, and its text is checked below.
            var denied = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => credentials.GetCredentialsAsync());
            errors.Add(denied.ToString());

            errors.Add(credentials.ToString());
            errors.Add(credentials.Status.LastError!);
        }

        var ids = logs.Entries.Select(e => e.Id.Id).ToHashSet();
        Assert.Superset(new HashSet<int> { 1001, 1002, 1003, 1004, 1005, 1007 }, ids);
        var everything = logs.AllText + string.Join(Environment.NewLine, errors);
        Assert.NotEmpty(issued);
        foreach (var key in issued)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET/", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("TOKEN/", everything, StringComparison.Ordinal);
            Assert.Contains(key[^4..], everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Refresh_PublishesCounterDurationGaugeAndSpan()
    {
        var roleArn = "arn:aws:iam::123456789012:role/metrics-" + Guid.NewGuid().ToString("N")[..8];
        var measurements = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StsResilienceTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (Equals(dictionary.GetValueOrDefault("aws.iam.role_arn"), roleArn))
            {
                measurements.Enqueue((instrument.Name, value, dictionary));
            }
        }

        meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meterListener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StsResilienceTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("aws.iam.role_arn"), roleArn))
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        var time = new TrackingTimeProvider();
        var sts = new FakeSts(time);
        using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = roleArn, BackgroundRefresh = false }, sts, time);
        await credentials.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        sts.Handler = _ => throw FakeSts.Error("Throttling");
        await credentials.GetCredentialsAsync();
        meterListener.RecordObservableInstruments();

        var refreshes = measurements.Where(m => m.Name == "sts_resilience.credentials.refreshes").ToList();
        Assert.Equal(2, refreshes.Count);
        Assert.Equal(("success", "initial"), ((string)refreshes[0].Tags["sts_resilience.outcome"]!, (string)refreshes[0].Tags["sts_resilience.trigger"]!));
        Assert.Equal(("failure", "expired"), ((string)refreshes[1].Tags["sts_resilience.outcome"]!, (string)refreshes[1].Tags["sts_resilience.trigger"]!));
        Assert.Equal(2, measurements.Count(m => m.Name == "sts_resilience.credentials.refresh.duration"));
        var gauge = Assert.Single(measurements, m => m.Name == "sts_resilience.credentials.time_to_expiry");
        Assert.Equal(-60, gauge.Value, precision: 3);

        Assert.Equal(2, activities.Count);
        Assert.Equal(["success", "failure"], activities.Select(a => (string)a.GetTagItem("sts_resilience.outcome")!));
        Assert.Equal(ActivityStatusCode.Error, activities.Last().Status);

        // error.type (OpenTelemetry's name) on failures only; the span carries every tag of the counter, under the same names.
        Assert.False(refreshes[0].Tags.ContainsKey("error.type"));
        Assert.Equal("Throttling", refreshes[1].Tags["error.type"]);
        Assert.All(refreshes[1].Tags, tag => Assert.Equal(tag.Value, activities.Last().GetTagItem(tag.Key)));
    }
}
