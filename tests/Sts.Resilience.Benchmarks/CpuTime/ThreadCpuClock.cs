using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sts.Resilience.Benchmarks.CpuTime;

/// <summary>
/// The CPU time the calling thread has used: what a loop cost in work, whatever else the machine was doing (wall-clock
/// time on a machine shared with other builds measures their load as much as the code). Linux reads the thread's own
/// clock; elsewhere the process's processor time stands in (it also counts the runtime's other threads).
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Gets a value indicating whether the time is the thread's own (Linux) rather than the whole process's.</summary>
    public static bool IsPerThread { get; } = OperatingSystem.IsLinux();

    /// <summary>The thread's CPU time so far, in nanoseconds.</summary>
    public static long Nanoseconds()
    {
        if (IsPerThread && clock_gettime(ClockThreadCpuTimeId, out var now) == 0)
        {
            return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
        }

        return Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
