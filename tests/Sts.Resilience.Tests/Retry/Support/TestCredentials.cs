using Amazon.Runtime;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.Tests.Retry.Support;

/// <summary>
/// Stands in for RefreshingRoleCredentials: hands out session 1 until told that key is rejected, then session 2, 3…
/// Invalidate is a compare-and-swap on the current key, as the contract requires.
/// </summary>
internal sealed class InvalidatableTestCredentials : AWSCredentials, IInvalidatableCredentials
{
    private readonly object _gate = new();
    private readonly bool _refreshes;
    private int _session = 1;

    public InvalidatableTestCredentials(bool refreshes = true) => _refreshes = refreshes;

    public List<string> Invalidations { get; } = [];

    public int Session
    {
        get
        {
            lock (_gate)
            {
                return _session;
            }
        }
    }

    public static string KeyOf(int session) => "ASIATESTSESSION" + session.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public override ImmutableCredentials GetCredentials()
    {
        lock (_gate)
        {
            return new ImmutableCredentials(KeyOf(_session), "secret-" + _session, "token-" + _session);
        }
    }

    public bool Invalidate(string rejectedAccessKeyId)
    {
        lock (_gate)
        {
            Invalidations.Add(rejectedAccessKeyId);
            if (!_refreshes || rejectedAccessKeyId != KeyOf(_session))
            {
                return false;
            }

            _session++;
            return true;
        }
    }
}

/// <summary>The SDK's own refreshing base type, counting how often it generated credentials.</summary>
internal sealed class CountingRefreshingCredentials : RefreshingAWSCredentials
{
    private int _generated;

    public int Generated => Volatile.Read(ref _generated);

    protected override CredentialsRefreshState GenerateNewCredentials()
    {
        var session = Interlocked.Increment(ref _generated);
        return new CredentialsRefreshState(
            new ImmutableCredentials("ASIASDKREFRESH" + session.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), "secret", "token"),
            DateTime.UtcNow.AddHours(1));
    }
}
