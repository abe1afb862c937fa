using System.Globalization;

namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// The hot-path chart (scenario 1) from BenchmarkDotNet's CSV export of <see cref="HotPathBenchmarks"/>: ns per call
/// and bytes per call as bars, ours beside the AWS SDK's and the SessionAWSCredentials floor.
/// </summary>
internal static class HotPathChart
{
    /// <summary>Where BenchmarkDotNet writes the CSV when run from tests/Sts.Resilience.Benchmarks.</summary>
    public const string DefaultCsv = "BenchmarkDotNet.Artifacts/results/Sts.Resilience.Benchmarks.HotPathBenchmarks-report.csv";

    /// <summary>The command that produces the CSV.</summary>
    public const string Command = "cd tests/Sts.Resilience.Benchmarks && dotnet run -c Release -- --filter '*HotPath*' --job short";

    /// <summary>Builds the chart from the CSV text; <paramref name="measured"/> says when the CSV was written.</summary>
    public static ChartSpec FromCsv(string csv, DateTimeOffset measured, string machine)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = SplitCsv(lines[0]);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"The CSV has no '{name}' column.");
        var (method, mean, allocated) = (Column("Method"), Column("Mean"), Column("Allocated"));
        var rows = lines.Skip(1).Select(SplitCsv).Select(row => (Method: row[method], Ns: Nanoseconds(row[mean]), Bytes: Bytes(row[allocated]))).ToList();

        ChartBar Bar((string Method, double Ns, double Bytes) row, bool time)
        {
            var parts = row.Method.Split('_');
            var style = parts[0] switch
            {
                "RefreshingRoleCredentials" => SeriesStyle.Ours,
                "AssumeRoleAWSCredentials" => SeriesStyle.Sdk,
                _ => SeriesStyle.Other,
            };
            var label = parts[0].Replace("Credentials", "Cred.", StringComparison.Ordinal).Replace("AWSCred.", "AWSCred.", StringComparison.Ordinal) + "\n" + parts[^1] + "()";
            return time
                ? new ChartBar(label, row.Ns, row.Ns.ToString(row.Ns < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ns", style)
                : new ChartBar(label, row.Bytes, row.Bytes.ToString("0", CultureInfo.InvariantCulture) + " B", style);
        }

        return new ChartSpec(
            "hot-path",
            "Hot path: reading valid cached credentials, per call",
            [
                "BenchmarkDotNet mean time and allocation per call of GetCredentials() / GetCredentialsAsync() with valid cached credentials",
                "(1-hour sessions, primed by one AssumeRole on LocalSts). SessionAWSCredentials (fixed keys, no expiry logic) is the floor.",
            ],
            [
                new ChartPanel(string.Empty, "mean time per call (ns)") { Bars = rows.Select(row => Bar(row, time: true)).ToList() },
                new ChartPanel(string.Empty, "allocated per call (bytes)") { Bars = rows.Select(row => Bar(row, time: false)).ToList() },
            ])
        {
            Footer =
            [
                FormattableString.Invariant($"Measured {measured:yyyy-MM-dd HH:mm} UTC (BenchmarkDotNet ShortRun: 3 warm-up, 3 measured iterations), on {machine}."),
                "Regenerate: " + Command + ", then --scenarios --charts ../../docs/img draws this from its CSV.",
            ],
        };
    }

    /// <summary>Splits one CSV line, honouring double quotes (BenchmarkDotNet quotes values that contain the separator).</summary>
    public static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }

    private static double Nanoseconds(string value)
    {
        var (number, unit) = Split(value);
        return unit switch
        {
            "ns" => number,
            "us" or "μs" or "µs" => number * 1_000,
            "ms" => number * 1_000_000,
            "s" => number * 1_000_000_000,
            _ => throw new FormatException($"Unknown time unit in '{value}'."),
        };
    }

    private static double Bytes(string value)
    {
        if (value is "-" or "")
        {
            return 0;
        }

        var (number, unit) = Split(value);
        return unit switch
        {
            "B" => number,
            "KB" => number * 1024,
            "MB" => number * 1024 * 1024,
            _ => throw new FormatException($"Unknown size unit in '{value}'."),
        };
    }

    private static (double Number, string Unit) Split(string value)
    {
        var parts = value.Trim().Split(' ', 2);
        var number = double.Parse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return (number, parts.Length > 1 ? parts[1].Trim() : string.Empty);
    }
}
