namespace Sts.Resilience.Engine;

/// <summary>
/// The backstop for the advisory-boundary timers. Those timers run on the thread pool and count monotonic time, so a
/// starved pool delays them and a suspended process (a laptop asleep, a paused container) can wake long past the
/// boundary before they fire. One dedicated background thread per process, independent of the pool, checks every live
/// instance against its engine's clock (<see cref="EngineClock"/>, which follows the wall clock forward, so a suspend
/// counts) once a second and moves late ones to the slow path,
/// so the hot path itself never has to read a clock. The thread exists only while instances do.
/// </summary>
internal static class LateTimerWatchdog
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly object Gate = new();
    private static readonly List<WeakReference<RefreshEngine>> Watched = [];
    private static Thread? _thread;

    public static void Watch(RefreshEngine credentials)
    {
        lock (Gate)
        {
            Watched.Add(new WeakReference<RefreshEngine>(credentials));
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Sts.Resilience credential watchdog" };
                _thread.Start();
            }
        }
    }

    public static void Unwatch(RefreshEngine credentials)
    {
        lock (Gate)
        {
            Watched.RemoveAll(w => !w.TryGetTarget(out var c) || ReferenceEquals(c, credentials));
        }
    }

    /// <summary>Checks every watched instance once; the thread calls it each second, tests call it directly.</summary>
    /// <returns><see langword="false"/> when nothing is watched any more.</returns>
    public static bool CheckAll()
    {
        List<RefreshEngine> live = [];
        lock (Gate)
        {
            Watched.RemoveAll(w => !w.TryGetTarget(out _));
            foreach (var weak in Watched)
            {
                if (weak.TryGetTarget(out var credentials))
                {
                    live.Add(credentials);
                }
            }
        }

        foreach (var credentials in live)
        {
            try
            {
                credentials.CheckLateTimer();
            }
#pragma warning disable CA1031 // The one watchdog thread serves every instance: a throwing logger must not end it.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return live.Count > 0;
    }

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(Period);
            lock (Gate)
            {
                if (Watched.Count == 0)
                {
                    _thread = null;
                    return;
                }
            }

            CheckAll();
        }
    }
}
