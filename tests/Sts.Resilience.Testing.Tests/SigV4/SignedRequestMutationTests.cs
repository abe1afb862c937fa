using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Xunit.Abstractions;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>
/// LocalSts lets no one in: requests the real AWS SDK signed (STS query, S3 REST with a signed aws-chunked upload,
/// DynamoDB JSON) are replayed with exactly one signed part changed, and every such request is refused. The unchanged
/// request is replayed too and must succeed, so a refusal is the signature check at work, not a broken replay.
/// </summary>
public sealed class SignedRequestMutationTests(ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Sts_EverySingleMutationOfASignedPart_Refused()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var captured = await CaptureAsync(f, async recorder =>
        {
            using var client = new AmazonSecurityTokenServiceClient(f.User.Credentials, Config(f.Sts.CreateStsConfig(), recorder));
            await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = f.Role.Arn, RoleSessionName = "mutation" });
        });

        await AssertEveryMutationRefusedAsync(f, Assert.Single(captured));
    }

    [Fact]
    public async Task S3_EverySingleMutationOfASignedPart_Refused()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = await f.AssumeRoleAsync();
        var captured = await CaptureAsync(f, async recorder =>
        {
            using var client = new AmazonS3Client(session.ToSdk(), Config(f.Sts.CreateS3Config(), recorder));
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "mutation/report.txt", ContentBody = string.Concat(Enumerable.Repeat("0123456789abcdef", 40)) });
            await client.GetObjectAsync("reports", "mutation/report.txt");
            await client.ListBucketsAsync(new ListBucketsRequest());
        });

        Assert.Equal(3, captured.Count);
        Assert.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", captured[0].Header("x-amz-content-sha256"), StringComparison.Ordinal);
        foreach (var request in captured)
        {
            await AssertEveryMutationRefusedAsync(f, request);
        }
    }

    [Fact]
    public async Task DynamoDb_EverySingleMutationOfASignedPart_Refused()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var session = await f.AssumeRoleAsync();
        var captured = await CaptureAsync(f, async recorder =>
        {
            using var client = new AmazonDynamoDBClient(session.ToSdk(), Config(f.Sts.CreateDynamoDbConfig(), recorder));
            await client.ListTablesAsync(new ListTablesRequest { Limit = 10 });
        });

        await AssertEveryMutationRefusedAsync(f, Assert.Single(captured));
    }

    private static T Config<T>(T config, CapturedRequest.Recorder recorder)
        where T : ClientConfig
    {
        config.HttpClientFactory = recorder;
        config.MaxErrorRetry = 0;
        return config;
    }

    private static async Task<IReadOnlyList<CapturedRequest>> CaptureAsync(LocalStsFixture f, Func<CapturedRequest.Recorder, Task> calls)
    {
        using var recorder = new CapturedRequest.Recorder();
        await calls(recorder);
        Assert.All(f.Sts.Requests, r => Assert.Equal(LocalStsOutcomes.Success, r.Outcome));
        return recorder.Requests;
    }

    private async Task AssertEveryMutationRefusedAsync(LocalStsFixture f, CapturedRequest original)
    {
        using (var replay = original.ToHttp())
        using (var response = await Http.SendAsync(replay))
        {
            Assert.True(response.IsSuccessStatusCode, $"the unchanged replay of {original.Method} {original.Uri} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var mutations = SignedRequestMutations.Of(original, new Random(MutationSeed)).ToList();
        var accepted = new List<string>();
        var serverErrors = new List<string>();
        await Parallel.ForEachAsync(mutations, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (mutation, token) =>
        {
            using var request = mutation.Request.ToHttp();
            using var response = await Http.SendAsync(request, token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                lock (accepted)
                {
                    accepted.Add($"{mutation.Description} -> {status}");
                }
            }
            else if (status >= 500 && status != 501)
            {
                lock (serverErrors)
                {
                    serverErrors.Add($"{mutation.Description} -> {status}");
                }
            }
        });

        output.WriteLine($"{original.Method} {original.Uri.AbsolutePath}: {mutations.Count} mutations, {accepted.Count} accepted, {serverErrors.Count} server errors");
        Assert.True(mutations.Count >= 100, $"only {mutations.Count} mutations");
        Assert.True(accepted.Count == 0, "accepted:" + Environment.NewLine + string.Join(Environment.NewLine, accepted));
        Assert.True(serverErrors.Count == 0, "5xx:" + Environment.NewLine + string.Join(Environment.NewLine, serverErrors));
    }

    // The body positions and replacement characters are drawn from this seed: the same mutations every run.
    private const int MutationSeed = 20261201;
}
