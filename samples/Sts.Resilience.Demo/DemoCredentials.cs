using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>
/// The credentials of one local run and where their sessions come from: the LocalSts action that vends a session (counted
/// as sessions issued, failed by the throttling fault) and the LocalSts service the outage fault takes down.
/// </summary>
internal sealed class DemoCredentials : IAsyncDisposable
{
    private readonly IDisposable? _resources;

    public DemoCredentials(RefreshingCredentials credentials, string sessionAction, string service, string describe, IDisposable? resources = null)
    {
        Credentials = credentials;
        SessionAction = sessionAction;
        Service = service;
        Describe = describe;
        _resources = resources;
    }

    /// <summary>Gets the library's credentials the clients sign with.</summary>
    public RefreshingCredentials Credentials { get; }

    /// <summary>Gets the LocalSts action (<see cref="LocalStsActions"/>) whose successes are the sessions the run got.</summary>
    public string SessionAction { get; }

    /// <summary>Gets the LocalSts service (<see cref="LocalStsServices"/>) an outage of the source takes down.</summary>
    public string Service { get; }

    /// <summary>Gets the source for people: "STS AssumeRole", "the container credentials endpoint".</summary>
    public string Describe { get; }

    public async ValueTask DisposeAsync()
    {
        await Credentials.DisposeAsync();
        _resources?.Dispose();
    }
}
