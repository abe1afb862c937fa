using System.Text.Json;
using Sts.Resilience.Profiles;
using Sts.Resilience.TestSupport;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// The cache key against botocore itself: <c>Vectors/cli-cache-key-vectors.json</c> holds 200 generated argument sets
/// and the key botocore's AssumeRoleCredentialFetcher computed for each (generate_cli_cache_key_vectors.py, run once
/// with the AWS CLI v1; the table names the botocore version). Every key must match, or the library and the CLI stop
/// sharing sessions.
/// </summary>
public class CliCacheKeyVectorTests
{
    private static readonly string TablePath = Path.Combine(RepositoryPaths.Root, "tests", "Sts.Resilience.Tests", "Profiles", "Vectors", "cli-cache-key-vectors.json");

    [Fact]
    public void Compute_BotocoreVectors_SameKeyForEveryVector()
    {
        using var table = JsonDocument.Parse(File.ReadAllBytes(TablePath));
        var vectors = table.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        var mismatches = new List<string>();
        for (var i = 0; i < vectors.Count; i++)
        {
            var arguments = Arguments(vectors[i].GetProperty("arguments"));
            var expected = vectors[i].GetProperty("key").GetString();
            var actual = CliCacheKey.Compute(arguments);
            if (actual != expected)
            {
                mismatches.Add($"#{i}: expected {expected}, got {actual} for {CliCacheKey.CanonicalJson(arguments)}");
            }
        }

        Assert.Equal(200, vectors.Count);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {vectors.Count} keys differ from botocore's:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    private static CliCacheKeyArguments Arguments(JsonElement json)
    {
        var known = new[] { "RoleArn", "RoleSessionName", "ExternalId", "SerialNumber", "DurationSeconds", "Policy", "PolicyArns", "Tags", "TransitiveTagKeys", "SourceIdentity" };
        Assert.All(json.EnumerateObject(), p => Assert.Contains(p.Name, known)); // a field this test ignores would make the vector meaningless

        string? Text(string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;
        string[]? List(string name) => json.TryGetProperty(name, out var value) ? value.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;

        return new CliCacheKeyArguments(Text("RoleArn")!)
        {
            RoleSessionName = Text("RoleSessionName"),
            ExternalId = Text("ExternalId"),
            SerialNumber = Text("SerialNumber"),
            DurationSeconds = json.TryGetProperty("DurationSeconds", out var duration) ? duration.GetInt32() : null,
            Policy = Text("Policy"),
            PolicyArns = List("PolicyArns"),
            Tags = json.TryGetProperty("Tags", out var tags) ? tags.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal) : null,
            TransitiveTagKeys = List("TransitiveTagKeys"),
            SourceIdentity = Text("SourceIdentity"),
        };
    }
}
