using System.Text.Json;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// The fields this runner understands in a conformance vector. A field it does not know would otherwise be ignored, and
/// the vector would pass without testing what it says: every unknown field fails the vector instead.
/// </summary>
internal static class ConformanceSchema
{
    private static readonly string[] Vector = ["documentation", "given", "steps"];
    private static readonly string[] Given = ["cachedCredentials", "accessKeyId", "configuredAdvisoryWindowSeconds", "refreshBackoffSeconds"];
    private static readonly string[] Expected = ["result", "sourceContacted", "rateLimited", "advisoryWindowSeconds"];

    private static readonly Dictionary<string, string[]> Steps = new(StringComparer.Ordinal)
    {
        ["advanceTime"] = ["type", "documentation", "seconds"],
        ["invalidate"] = ["type", "documentation", "rejectedAccessKeyId"],
        ["getCredentials"] = ["type", "documentation", "response", "lifetimeSeconds", "expected"],
    };

    /// <summary>Returns every field of <paramref name="vector"/> that the runner does not know, as a JSON path.</summary>
    public static IReadOnlyList<string> UnknownFields(JsonElement vector)
    {
        var unknown = new List<string>();
        Check(vector, Vector, "$", unknown);
        if (vector.TryGetProperty("given", out var given))
        {
            Check(given, Given, "$.given", unknown);
        }

        if (vector.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var step in steps.EnumerateArray())
            {
                var path = $"$.steps[{index++}]";
                var type = step.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type is null || !Steps.TryGetValue(type, out var known))
                {
                    unknown.Add($"{path}.type={type ?? "(none)"}");
                    continue;
                }

                Check(step, known, path, unknown);
                if (step.TryGetProperty("expected", out var expected))
                {
                    Check(expected, Expected, path + ".expected", unknown);
                }
            }
        }

        return unknown;
    }

    private static void Check(JsonElement element, string[] known, string path, List<string> unknown)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            unknown.Add(path + " (not an object)");
            return;
        }

        unknown.AddRange(element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)).Select(p => $"{path}.{p.Name}"));
    }
}
