using System.Collections.Concurrent;

namespace Sts.Resilience.Testing;

/// <summary>
/// Calls per action and outcome, so a test can assert "exactly one AssumeRole":
/// <c>Assert.Equal(1, sts.Counters.Succeeded(LocalStsActions.AssumeRole))</c>. Thread-safe.
/// </summary>
public sealed class LocalStsCounters
{
    private readonly ConcurrentDictionary<(string Action, string Outcome), int> _counts = new();

    internal LocalStsCounters()
    {
    }

    /// <summary>Gets how many calls of <paramref name="action"/> arrived, whatever their outcome.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>.</param>
    /// <returns>The count.</returns>
    public int Count(string action) => _counts.Where(p => p.Key.Action == action).Sum(p => p.Value);

    /// <summary>Gets how many calls of <paramref name="action"/> ended with <paramref name="outcome"/>.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>.</param>
    /// <param name="outcome"><see cref="LocalStsOutcomes.Success"/>, <see cref="LocalStsOutcomes.ConnectionReset"/>, or an error code such as <c>ExpiredToken</c>.</param>
    /// <returns>The count.</returns>
    public int Count(string action, string outcome) => _counts.TryGetValue((action, outcome), out var count) ? count : 0;

    /// <summary>Gets how many calls of <paramref name="action"/> succeeded.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>.</param>
    /// <returns>The count.</returns>
    public int Succeeded(string action) => Count(action, LocalStsOutcomes.Success);

    /// <summary>Gets how many calls of <paramref name="action"/> did not succeed.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>.</param>
    /// <returns>The count.</returns>
    public int Failed(string action) => Count(action) - Succeeded(action);

    /// <summary>Gets the counts of <paramref name="action"/> by outcome.</summary>
    /// <param name="action">An action name from <see cref="LocalStsActions"/>.</param>
    /// <returns>Outcome → count; empty when the action was never called.</returns>
    public IReadOnlyDictionary<string, int> ByOutcome(string action)
        => _counts.Where(p => p.Key.Action == action).ToDictionary(p => p.Key.Outcome, p => p.Value, StringComparer.Ordinal);

    /// <summary>Sets every count back to zero.</summary>
    public void Reset() => _counts.Clear();

    internal void Add(string action, string outcome) => _counts.AddOrUpdate((action, outcome), 1, static (_, c) => c + 1);

    /// <inheritdoc/>
    public override string ToString()
        => string.Join(", ", _counts.OrderBy(p => p.Key.Action, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal)
            .Select(p => $"{p.Key.Action}/{p.Key.Outcome}={p.Value}"));
}
