using Amazon.Runtime;

namespace Sts.Resilience.Retry;

/// <summary>
/// One read of a client's credentials, frozen: what <see cref="SnapshotSigner"/> (and <c>AwsPresigner</c>) hand the SDK's signer so that the
/// signature's key and secret come from the same read as the session token already on the request.
/// </summary>
internal sealed class SnapshotCredentials : AWSCredentials
{
    private readonly Task<ImmutableCredentials> _completed;

    public SnapshotCredentials(ImmutableCredentials credentials)
    {
        Credentials = credentials;
        _completed = Task.FromResult(credentials);
    }

    /// <summary>Gets the credentials read once for this signature.</summary>
    public ImmutableCredentials Credentials { get; }

    public override ImmutableCredentials GetCredentials() => Credentials;

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _completed;

    /// <summary>Whether <paramref name="other"/> holds the same key, secret and token (so this snapshot can sign for it).</summary>
    public bool Matches(ImmutableCredentials other)
        => ReferenceEquals(other, Credentials)
           || (string.Equals(other.AccessKey, Credentials.AccessKey, StringComparison.Ordinal)
               && string.Equals(other.SecretKey, Credentials.SecretKey, StringComparison.Ordinal)
               && string.Equals(other.Token, Credentials.Token, StringComparison.Ordinal));
}
