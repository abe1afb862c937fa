namespace Sts.Resilience.Credentials;

/// <summary>
/// Credentials that can be told a service rejected them as expired. The retry handler calls this
/// with the access key id the rejected request was signed with; implementations compare it with the
/// key they hold now (compare-and-swap), so a rejection that arrives after a refresh changes nothing.
/// </summary>
internal interface IInvalidatableCredentials
{
    /// <summary>Marks the cached credentials stale if they still carry <paramref name="rejectedAccessKeyId"/>.</summary>
    /// <returns><see langword="true"/> when the cached credentials were the rejected ones and are now stale.</returns>
    bool Invalidate(string rejectedAccessKeyId);
}
