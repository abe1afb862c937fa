namespace Sts.Resilience.Tests.CredentialEndpoints;

/// <summary>An environment for the <c>FromEnvironment</c> readers that never touches the process's own.</summary>
internal static class TestVariables
{
    public static Func<string, string?> Variables(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }
}
