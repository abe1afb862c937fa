namespace Sts.Resilience.Doctor.Engine;

/// <summary>The shell the user most likely typed <c>sts-doctor</c> into.</summary>
internal enum ShellKind
{
    /// <summary>bash, zsh, sh, ksh: <c>unset</c>.</summary>
    Posix,

    /// <summary>fish: <c>set -e</c>.</summary>
    Fish,

    /// <summary>PowerShell (Windows PowerShell or pwsh): <c>Remove-Item Env:</c>.</summary>
    PowerShell,

    /// <summary>cmd.exe: <c>set VAR=</c>.</summary>
    Cmd,
}

/// <summary>Builds the exact commands that clear environment variables in the user's shell.</summary>
internal static class ShellCommands
{
    /// <summary>Guesses the shell from the environment it left behind.</summary>
    public static ShellKind Detect(DoctorHost host)
    {
        var shell = host.GetVariable("SHELL");
        if (host.Platform != HostPlatform.Windows || shell is not null)
        {
            var name = Path.GetFileNameWithoutExtension(shell ?? "");
            return name switch
            {
                "fish" => ShellKind.Fish,
                "pwsh" or "powershell" => ShellKind.PowerShell,
                _ => ShellKind.Posix,
            };
        }

        // PowerShell adds the user's module folder to PSModulePath for its child processes; a cmd.exe
        // started from Explorer inherits only the machine-wide entries.
        var modulePath = host.GetVariable("PSModulePath");
        var userModules = modulePath?.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Any(p => p.Contains(@"\Documents\", StringComparison.OrdinalIgnoreCase)) ?? false;
        return userModules ? ShellKind.PowerShell : ShellKind.Cmd;
    }

    /// <summary>Human name of the shell, for the fix text.</summary>
    public static string DisplayName(ShellKind shell) => shell switch
    {
        ShellKind.Fish => "fish",
        ShellKind.PowerShell => "PowerShell",
        ShellKind.Cmd => "cmd",
        _ => "bash/zsh",
    };

    /// <summary>One line that unsets every variable in <paramref name="names"/> in the current session of <paramref name="shell"/>.</summary>
    public static string Unset(ShellKind shell, IEnumerable<string> names)
    {
        var list = names.ToList();
        return shell switch
        {
            ShellKind.Fish => string.Join("; ", list.Select(n => "set -e " + n)),
            ShellKind.PowerShell => "Remove-Item " + string.Join(", ", list.Select(n => "Env:" + n)),
            ShellKind.Cmd => string.Join(" & ", list.Select(n => "set " + n + "=")),
            _ => "unset " + string.Join(' ', list),
        };
    }
}
