using System.Reflection;
using System.Text.Json;
using Sts.Resilience.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// Supplies one theory row per vector of <c>../shared/conformance/credential-refresh-tests.json</c> (next to the
/// repository root). When the file is absent the theory is skipped with the reason, except with <c>CI=true</c>,
/// where the absence is a failing row.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ConformanceVectorsAttribute : DataAttribute
{
    public static string FilePath { get; } = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "conformance", "credential-refresh-tests.json"));

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public override string? Skip
    {
        get => File.Exists(FilePath) || IsCi ? null : $"The conformance vectors are not next to this clone ({FilePath}); CI=true makes this a failure.";
        set => throw new NotSupportedException();
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (!File.Exists(FilePath))
        {
            return [[ConformanceVector.Missing]];
        }

        return Load().Select((element, index) => new object[] { new ConformanceVector(index, element.GetProperty("documentation").GetString()!) });
    }

    public static List<JsonElement> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}

/// <summary>One vector, serializable so each shows as its own test case named after its documentation.</summary>
public sealed class ConformanceVector : IXunitSerializable
{
    public static readonly ConformanceVector Missing = new(-1, "conformance file missing");

    public ConformanceVector()
    {
        Documentation = string.Empty;
    }

    public ConformanceVector(int index, string documentation)
    {
        Index = index;
        Documentation = documentation;
    }

    public int Index { get; private set; }

    public string Documentation { get; private set; }

    public JsonElement Load() => ConformanceVectorsAttribute.Load()[Index];

    public void Deserialize(IXunitSerializationInfo info)
    {
        Index = info.GetValue<int>(nameof(Index));
        Documentation = info.GetValue<string>(nameof(Documentation));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Index), Index);
        info.AddValue(nameof(Documentation), Documentation);
    }

    public override string ToString() => $"#{Index + 1:00} {Documentation}";
}
