using System.Globalization;

namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>Markdown tables on standard output, so the report can be pasted into docs/benchmarks.md as it is.</summary>
internal static class Report
{
    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine("### " + text);
        Console.WriteLine();
    }

    public static void Note(string text) => Console.WriteLine(text + Environment.NewLine);

    public static void Table(string[] header, IEnumerable<string[]> rows)
    {
        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        Console.WriteLine();
    }

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string N(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
