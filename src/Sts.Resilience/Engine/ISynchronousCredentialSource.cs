namespace Sts.Resilience.Engine;

/// <summary>
/// A source that can also fetch with synchronous I/O on the calling thread. A synchronous caller that has to wait for a
/// refresh (no session yet, expired, invalidated, inside the mandatory window) then runs the one flight itself, and
/// every other caller shares it; the flight needs no thread-pool thread, so callers blocked on pool threads cannot
/// starve it (issue 13, defect 4). Without it the engine queues the refresh to the pool and blocks the caller on it.
/// </summary>
internal interface ISynchronousCredentialSource : ICredentialSource
{
    /// <summary>
    /// Gets a value indicating whether <see cref="Fetch"/> can run now: real synchronous I/O exists for this source's
    /// configuration on this build (for example not with an asynchronous MFA code provider, and never on the
    /// netstandard2.0 build, whose HTTP stack has no synchronous send).
    /// </summary>
    bool CanFetchSynchronously { get; }

    /// <summary>
    /// Fetches one new session on the calling thread with synchronous I/O: the same request, retries and answers as
    /// <see cref="ICredentialSource.FetchAsync"/>. Called by at most one caller at a time per engine, and only when
    /// <see cref="CanFetchSynchronously"/> is <see langword="true"/>.
    /// </summary>
    /// <param name="cancellationToken">The fetch's time limit and the engine's disposal; a synchronous HTTP send is bounded by its client's timeout instead.</param>
    /// <returns>The session.</returns>
    /// <exception cref="Exception">Any failure, as <see cref="ICredentialSource.FetchAsync"/> would throw it.</exception>
    SourceCredentials Fetch(CancellationToken cancellationToken);
}
