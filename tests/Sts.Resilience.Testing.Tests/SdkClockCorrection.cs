using System.Collections;
using System.Reflection;
using Amazon.Runtime;

namespace Sts.Resilience.Testing.Tests;

/// <summary>
/// The AWS SDK keeps one clock correction per endpoint for the whole process. A test that skews LocalSts's clock teaches
/// the SDK a correction for <c>http://127.0.0.1:port</c>; when a later LocalSts gets the same port, its clients would sign
/// with that stale correction. <see cref="LocalStsFixture"/> forgets the corrections for its endpoint when it is disposed.
/// </summary>
internal static class SdkClockCorrection
{
    /// <summary>Removes every correction the SDK holds for an endpoint on <paramref name="serviceUrl"/>'s host and port.</summary>
    public static void Forget(string serviceUrl) => WithTable(serviceUrl, write: true, (table, keys) =>
    {
        foreach (var key in keys)
        {
            table.Remove(key);
        }

        return [];
    });

    /// <summary>The corrections the SDK holds for <paramref name="serviceUrl"/>'s host and port.</summary>
    public static IReadOnlyList<TimeSpan> For(string serviceUrl)
        => WithTable(serviceUrl, write: false, (table, keys) => keys.Select(k => (TimeSpan)table[k]!).ToList());

    private static List<TimeSpan> WithTable(string serviceUrl, bool write, Func<IDictionary, List<string>, List<TimeSpan>> action)
    {
        var prefix = new Uri(serviceUrl).GetLeftPart(UriPartial.Authority);
        // The table is internal to AWSSDK.Core (its own tests reach it by reflection too); fail loudly if it moves.
        var statics = typeof(CorrectClockSkew).GetFields(BindingFlags.Static | BindingFlags.NonPublic).Select(f => f.GetValue(null)).ToList();
        var table = statics.OfType<IDictionary>().SingleOrDefault()
            ?? throw new InvalidOperationException("AWSSDK.Core no longer keeps its clock corrections in a static dictionary of CorrectClockSkew.");
        var gate = statics.OfType<ReaderWriterLockSlim>().SingleOrDefault()
            ?? throw new InvalidOperationException("AWSSDK.Core no longer guards its clock corrections with a ReaderWriterLockSlim.");
        if (write)
        {
            gate.EnterWriteLock();
        }
        else
        {
            gate.EnterReadLock();
        }

        try
        {
            var keys = table.Keys.Cast<string>().Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            return action(table, keys);
        }
        finally
        {
            if (write)
            {
                gate.ExitWriteLock();
            }
            else
            {
                gate.ExitReadLock();
            }
        }
    }
}
