namespace Sts.Resilience.Testing.Tests;

/// <summary>
/// Sets process environment variables for one test and restores them after. Only loopback values are allowed, so the
/// AWS SDK's own providers can be pointed at LocalSts but never at a metadata address.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope Set(string name, string? value)
    {
        if (value is not null && (value.Contains("169.254.", StringComparison.Ordinal) || value.Contains("fd00:ec2", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{name} must point at LocalSts on 127.0.0.1, not at a metadata address.");
        }

        _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

/// <summary>Tests that change process environment variables run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentTests
{
    public const string Name = "Process environment";
}
