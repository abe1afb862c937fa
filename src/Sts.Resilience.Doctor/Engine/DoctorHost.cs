using System.Collections;
using System.Runtime.InteropServices;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>The operating system, for the platform-specific fixes.</summary>
internal enum HostPlatform
{
    Linux,
    MacOS,
    Windows,
}

/// <summary>
/// Everything the tool reads from the machine: environment variables, home directory, clock, platform and
/// whether the output is a terminal. Tests build one per scenario so they never touch the real process state.
/// </summary>
internal sealed class DoctorHost
{
    /// <summary>The environment variables (case-insensitive names on Windows, as the OS treats them).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The user's home directory; <c>~/.aws</c> is found under it.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>The local clock, the one being checked against STS.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The operating system.</summary>
    public HostPlatform Platform { get; init; } = CurrentPlatform();

    /// <summary>Whether standard output is an interactive terminal (colour is only used then).</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Whether standard error is an interactive terminal (progress overwrites itself only then).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>The value of an environment variable, or <see langword="null"/> when unset or empty.</summary>
    public string? GetVariable(string name) =>
        Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The host the tool runs on.</summary>
    public static DoctorHost FromProcess()
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var variables = new Dictionary<string, string>(comparer);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        return new DoctorHost
        {
            Environment = variables,
            // The same rule as the library (HOME, then USERPROFILE, then the profile folder), so Git Bash on
            // Windows with its own HOME finds the same ~/.aws as RefreshingRoleCredentials does.
            HomeDirectory = Sts.Resilience.Profiles.ProfileFileLocations.HomeDirectory(),
            StdoutIsTerminal = !Console.IsOutputRedirected,
            StderrIsTerminal = !Console.IsErrorRedirected,
        };
    }

    private static HostPlatform CurrentPlatform() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? HostPlatform.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? HostPlatform.MacOS
        : HostPlatform.Linux;
}
