namespace Sts.Resilience.Engine;

/// <summary>
/// Where a <see cref="RefreshEngine"/> gets a new session from. The engine (windows, single flight,
/// backoff, invalidation, background timer, clock skew) knows nothing else about the source, so AssumeRole, a CLI-cache
/// decorator, web identity or GetSessionToken plug in unchanged.
/// </summary>
internal interface ICredentialSource
{
    /// <summary>Gets a short description for logs and exception messages (a role ARN, never a secret).</summary>
    string Description { get; }

    /// <summary>Fetches one new session. Called by at most one caller at a time per engine.</summary>
    /// <exception cref="Exception">Any failure; <see cref="IsNonRecoverable"/> tells the engine whether to back off or rethrow.</exception>
    ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tells whether <paramref name="exception"/> (thrown by <see cref="FetchAsync"/>) cannot be fixed by retrying later:
    /// the engine then throws it to callers at once, caches it 1–5 s, and applies no backoff. Otherwise it serves the
    /// cached credentials and backs off.
    /// </summary>
    bool IsNonRecoverable(Exception exception);
}
