using Amazon.Runtime;

namespace Sts.Resilience.Tests.Retry.Support;

/// <summary>
/// Credentials that answer session A, then B, then A again on successive reads: a refresh between any two reads,
/// without timing. Whatever reads come before it, a signer that reads the credentials twice for one signature gets
/// two different sessions; one that reads once gets a matching key and token.
/// </summary>
internal sealed class AlternatingSessions(ImmutableCredentials a, ImmutableCredentials b) : AWSCredentials
{
    private int _reads;

    /// <summary>Gets how many times the credentials were read.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public override ImmutableCredentials GetCredentials() => (Interlocked.Increment(ref _reads) & 1) == 1 ? a : b;

    public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
}
