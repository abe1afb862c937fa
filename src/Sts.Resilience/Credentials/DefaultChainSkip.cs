namespace Sts.Resilience;

/// <summary>One step of the default credential chain that came before the one picked, and why it was passed over.</summary>
public sealed class DefaultChainSkip
{
    internal DefaultChainSkip(DefaultChainSource source, DefaultChainSkipReason reason, string message, IReadOnlyList<string> missingSettings)
    {
        Source = source;
        Reason = reason;
        Message = message;
        MissingSettings = missingSettings;
    }

    /// <summary>Gets the step passed over.</summary>
    public DefaultChainSource Source { get; }

    /// <summary>Gets why it was passed over.</summary>
    public DefaultChainSkipReason Reason { get; }

    /// <summary>Gets the reason in words, as the chain's "no credentials found" message lists it (names and paths, never a secret).</summary>
    public string Message { get; }

    /// <summary>Gets the settings (environment variable names) the step would need and does not have; empty when that is not the reason.</summary>
    public IReadOnlyList<string> MissingSettings { get; }

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The reason in words.</returns>
    public override string ToString() => Message;
}
