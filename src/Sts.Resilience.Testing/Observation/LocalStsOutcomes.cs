namespace Sts.Resilience.Testing;

/// <summary>Outcome names in <see cref="LocalStsCounters"/> and <see cref="LocalStsRequest.Outcome"/> besides error codes.</summary>
public static class LocalStsOutcomes
{
    /// <summary>The call succeeded.</summary>
    public const string Success = "Success";

    /// <summary>The connection was reset by an injected <see cref="LocalStsFault.ConnectionReset"/>.</summary>
    public const string ConnectionReset = "ConnectionReset";
}
