using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Output;

/// <summary>The compact table people read. Colour only on request (a terminal that supports it, NO_COLOR unset).</summary>
internal static class HumanReportWriter
{
    private const int StatusWidth = 9;
    private const int CheckWidth = 13;

    public static void Write(DoctorReport report, TextWriter output, bool color)
    {
        output.WriteLine($"sts-doctor: credentials from {report.CredentialSource}; STS at {report.StsEndpoint} ({report.Region})");
        output.WriteLine();
        output.WriteLine("STATUS".PadRight(StatusWidth) + "CHECK".PadRight(CheckWidth) + "FINDING");
        var indent = new string(' ', StatusWidth + CheckWidth);
        foreach (var finding in report.Findings)
        {
            var status = Label(finding.Severity);
            output.Write(Paint(status.PadRight(StatusWidth), finding.Severity, color));
            output.Write(finding.Check.PadRight(CheckWidth));
            output.WriteLine(finding.Message);
            if (finding.File is not null)
            {
                output.WriteLine($"{indent}at:  {Text.Path(finding.File, report.HomeDirectory)}{(finding.Line is { } line ? ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}");
            }

            if (finding.Fix is not null)
            {
                var first = true;
                foreach (var line in finding.Fix.Split('\n'))
                {
                    output.WriteLine(indent + (first ? "fix: " : "     ") + line);
                    first = false;
                }
            }
        }

        output.WriteLine();
        output.WriteLine(Summary(report));
    }

    internal static string Summary(DoctorReport report)
    {
        var parts = new List<string>();
        Add(report.Count(Severity.Problem), "problem", "problems");
        Add(report.Count(Severity.Warning), "warning", "warnings");
        Add(report.Count(Severity.Ok), "ok", "ok");
        Add(report.Count(Severity.Skipped), "skipped", "skipped");
        var verdict = report.ExitCode switch
        {
            DoctorCommand.ExitProblems => "fix the problems above",
            DoctorCommand.ExitWarnings => "works now, but see the warnings",
            _ => "all good",
        };
        return $"{string.Join(", ", parts)}: {verdict} (exit code {report.ExitCode}).";

        void Add(int count, string one, string many)
        {
            if (count > 0)
            {
                parts.Add($"{count} {(count == 1 ? one : many)}");
            }
        }
    }

    private static string Label(Severity severity) => severity switch
    {
        Severity.Problem => "PROBLEM",
        Severity.Warning => "warning",
        Severity.Skipped => "skipped",
        _ => "ok",
    };

    private static string Paint(string text, Severity severity, bool color) => !color ? text : severity switch
    {
        Severity.Problem => "\u001b[1;31m" + text + "\u001b[0m",
        Severity.Warning => "\u001b[33m" + text + "\u001b[0m",
        Severity.Skipped => "\u001b[2m" + text + "\u001b[0m",
        _ => "\u001b[32m" + text + "\u001b[0m",
    };

    /// <summary>Whether to colour: a terminal, <c>--no-color</c> not given, <c>NO_COLOR</c> unset, and a terminal that understands ANSI.</summary>
    public static bool UseColor(DoctorHost host, bool noColorOption)
    {
        if (noColorOption || !host.StdoutIsTerminal || host.GetVariable("NO_COLOR") is not null)
        {
            return false;
        }

        if (string.Equals(host.GetVariable("TERM"), "dumb", StringComparison.Ordinal))
        {
            return false;
        }

        // Classic conhost does not interpret ANSI unless asked; Windows Terminal, VS Code and ConEmu do.
        return host.Platform != HostPlatform.Windows
            || host.GetVariable("WT_SESSION") is not null
            || host.GetVariable("TERM_PROGRAM") is not null
            || host.GetVariable("TERM") is not null
            || string.Equals(host.GetVariable("ConEmuANSI"), "ON", StringComparison.OrdinalIgnoreCase);
    }
}
