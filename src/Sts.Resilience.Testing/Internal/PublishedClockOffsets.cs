namespace Sts.Resilience.Testing;

/// <summary>
/// The offsets between the session clock and the signature clock that LocalSts has shown clients in a <c>Date</c>
/// header. The AWS SDK for .NET (AWSSDK.Core 4.1) records, per endpoint, how far every response's <c>Date</c> is from
/// its own clock and signs later requests with that correction. When a test moves the fake session clock hours ahead,
/// a client that read a <c>Date</c> signs in the session clock's frame, and keeps the correction it last saw until its
/// next response. A signature is therefore judged against the signature clock shifted by any offset the server has
/// published (and by none, for a client that never corrected): whatever clock a client learned from this server,
/// its signatures are current, and only a real skew (<see cref="LocalSts.SetClockSkew(TimeSpan)"/>, or a client
/// clock that is off) is rejected. Thread-safe.
/// </summary>
internal sealed class PublishedClockOffsets
{
    /// <summary>Enough for every clock jump of a long test; the zero offset is never evicted.</summary>
    private const int Capacity = 64;

    /// <summary>Offsets closer than this count as one (the session clock stands still while the wall clock runs).</summary>
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<TimeSpan> _offsets = [TimeSpan.Zero];

    public void Publish(TimeSpan offset)
    {
        lock (_gate)
        {
            foreach (var known in _offsets)
            {
                if ((known - offset).Duration() < Resolution)
                {
                    return;
                }
            }

            if (_offsets.Count == Capacity)
            {
                _offsets.RemoveAt(1);
            }

            _offsets.Add(offset);
        }
    }

    /// <summary>Tells whether <paramref name="signedAt"/> is within <paramref name="tolerance"/> of the signature clock under some published offset.</summary>
    public bool Accepts(DateTimeOffset signedAt, DateTimeOffset signatureNow, TimeSpan tolerance)
    {
        lock (_gate)
        {
            foreach (var offset in _offsets)
            {
                if ((signedAt - (signatureNow + offset)).Duration() <= tolerance)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
