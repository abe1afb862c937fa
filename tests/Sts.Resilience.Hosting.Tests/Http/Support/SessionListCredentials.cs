using Amazon.Runtime;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Tests.Http.Support;

/// <summary>
/// Real LocalSts sessions handed out one after the other: the current one until it is invalidated (compare-and-swap on its
/// key), or — with <c>rotateOnEveryCall</c> — a different one at every call, to see which attempt was signed when.
/// <see cref="ReportedExpiration"/> is what the credentials say about the current session's expiry.
/// </summary>
internal sealed class SessionListCredentials(IReadOnlyList<ImmutableCredentials> sessions, bool rotateOnEveryCall = false)
    : AWSCredentials, IInvalidatableCredentials
{
    private readonly object _gate = new();
    private int _index;

    public DateTime? ReportedExpiration { get; set; }

    public int Calls { get; private set; }

    public override DateTime? Expiration => ReportedExpiration;

    public override ImmutableCredentials GetCredentials()
    {
        lock (_gate)
        {
            Calls++;
            var current = sessions[Math.Min(_index, sessions.Count - 1)];
            if (rotateOnEveryCall)
            {
                _index = (_index + 1) % sessions.Count;
            }

            return current;
        }
    }

    public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());

    public bool Invalidate(string rejectedAccessKeyId)
    {
        lock (_gate)
        {
            if (_index >= sessions.Count - 1 || sessions[_index].AccessKey != rejectedAccessKeyId)
            {
                return false;
            }

            _index++;
            ReportedExpiration = null;
            return true;
        }
    }
}
