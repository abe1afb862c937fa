using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.Extensions.Time.Testing;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>Runs every cross-SDK credential refresh vector against RefreshingRoleCredentials.</summary>
public class ConformanceTests
{
    private const string PrimedKey = "ASIAPRIMEDPRIMED0000";

    [Theory]
    [ConformanceVectors]
    public async Task Vector_RunsAsSpecified(ConformanceVector vector)
    {
        Assert.True(vector.Index >= 0, $"The conformance vectors file is missing: {ConformanceVectorsAttribute.FilePath}");
        var json = vector.Load();
        Assert.Empty(ConformanceSchema.UnknownFields(json)); // a field this runner ignores would pass without being tested
        var given = json.GetProperty("given");

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sts = new FakeSts(time);
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = "arn:aws:iam::123456789012:role/conformance",
            BackgroundRefresh = false,
        };
        if (given.TryGetProperty("configuredAdvisoryWindowSeconds", out var configured))
        {
            options.AdvisoryWindow = TimeSpan.FromSeconds(configured.GetInt32());
        }

        var backoff = given.TryGetProperty("refreshBackoffSeconds", out var fixedBackoff)
            ? TimeSpan.FromSeconds(fixedBackoff.GetInt32())
            : TimeSpan.FromSeconds(450);
        // The vectors know one "refresh backoff"; the engine has two (static stability while minutes are left, a fast one
        // once the session is in its last minute or gone). A vector that fixes the backoff fixes whichever applies.
        var timings = fixedBackoff.ValueKind == JsonValueKind.Undefined
            ? new RefreshTimings { Backoff = () => backoff }
            : new RefreshTimings { Backoff = () => backoff, FastBackoff = _ => backoff, ExpiredRetry = () => backoff };
        using var credentials = new RefreshingRoleCredentials(options, source: null, sts, time, loggerFactory: null, timings);

        string? cachedKey = null;
        var state = given.GetProperty("cachedCredentials").GetString();
        if (state != "none")
        {
            var key = given.TryGetProperty("accessKeyId", out var k) ? k.GetString()! : PrimedKey;
            sts.Handler = _ => Task.FromResult(sts.Fresh(TimeSpan.FromHours(1), key));
            await credentials.GetCredentialsAsync();
            cachedKey = key;
            time.Advance(state switch
            {
                "valid" => TimeSpan.Zero,
                "advisory" => TimeSpan.FromMinutes(50), // 10 min left of 1 h: inside the 15-min advisory window
                "mandatory" => TimeSpan.FromSeconds(3570), // 30 s left
                "expired" => TimeSpan.FromSeconds(3660),
                _ => throw new InvalidOperationException("unknown state " + state),
            });
        }

        var stepNumber = 0;
        foreach (var step in json.GetProperty("steps").EnumerateArray())
        {
            stepNumber++;
            switch (step.GetProperty("type").GetString())
            {
                case "advanceTime":
                    time.Advance(TimeSpan.FromSeconds(step.GetProperty("seconds").GetInt32()));
                    break;
                case "invalidate":
                    credentials.Invalidate(step.GetProperty("rejectedAccessKeyId").GetString()!);
                    break;
                case "getCredentials":
                    cachedKey = await RunGetCredentials(step, stepNumber, credentials, sts, cachedKey);
                    break;
                default:
                    Assert.Fail("unknown step type " + step.GetProperty("type").GetString());
                    break;
            }
        }
    }

    private static async Task<string?> RunGetCredentials(JsonElement step, int stepNumber, RefreshingRoleCredentials credentials, FakeSts sts, string? cachedKey)
    {
        var expected = step.GetProperty("expected");
        string? freshKey = null;
        var response = step.TryGetProperty("response", out var r) ? r.GetString() : null;
        var lifetime = step.TryGetProperty("lifetimeSeconds", out var l) ? TimeSpan.FromSeconds(l.GetInt32()) : TimeSpan.FromHours(1);
        sts.Handler = response switch
        {
            "freshCredentials" => _ => Task.FromResult(sts.Fresh(lifetime, freshKey = sts.NextKeyId())),
            "error" => _ => Task.FromException<Amazon.SecurityToken.Model.AssumeRoleResponse>(FakeSts.Error("InternalFailure", "STS is having a bad day", HttpStatusCode.InternalServerError)),
            "staleCredentials" => _ => Task.FromResult(sts.Respond(sts.NextKeyId(), sts.ServerNow)),
            "nonRecoverableError" => _ => Task.FromException<Amazon.SecurityToken.Model.AssumeRoleResponse>(FakeSts.Error("AccessDenied", "not authorized to perform sts:AssumeRole", HttpStatusCode.Forbidden)),
            _ => _ => throw new InvalidOperationException($"step {stepNumber}: the source was contacted but the vector gives no response"),
        };

        var callsBefore = sts.Calls;
        var rateLimitedBefore = credentials.Status.RateLimitedCalls;
        ImmutableCredentials? result = null;
        Exception? error = null;
        try
        {
            result = await credentials.GetCredentialsAsync();
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            error = ex;
        }

        var because = $"step {stepNumber}";
        Assert.True(expected.GetProperty("sourceContacted").GetBoolean() == (sts.Calls > callsBefore), $"{because}: sourceContacted");
        Assert.True(expected.GetProperty("rateLimited").GetBoolean() == (credentials.Status.RateLimitedCalls > rateLimitedBefore), $"{because}: rateLimited");

        switch (expected.GetProperty("result").GetString())
        {
            case "cachedCredentials":
                Assert.Null(error);
                Assert.Equal(cachedKey, result!.AccessKey);
                break;
            case "newCredentials":
                Assert.Null(error);
                Assert.NotNull(freshKey);
                Assert.Equal(freshKey, result!.AccessKey);
                cachedKey = freshKey;
                break;
            case "noCredentialsError":
                Assert.Null(result);
                Assert.IsType<AmazonClientException>(error);
                break;
            case "nonRecoverableError":
                Assert.Null(result);
                var service = Assert.IsType<AmazonSecurityTokenServiceException>(error);
                Assert.Equal("AccessDenied", service.ErrorCode);
                break;
            default:
                Assert.Fail("unknown expected result");
                break;
        }

        if (expected.TryGetProperty("advisoryWindowSeconds", out var window))
        {
            Assert.Equal(TimeSpan.FromSeconds(window.GetInt32()), credentials.Status.AdvisoryWindow);
        }

        return cachedKey;
    }
}
