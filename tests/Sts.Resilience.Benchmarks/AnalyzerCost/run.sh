#!/usr/bin/env bash
# Measures what the Sts.Resilience analyzers cost a real build: generates a consumer project of
# FILES C# files (default 500) that references AWSSDK.Core/SecurityToken (so every rule runs) and the
# analyzer DLLs directly, builds it with -p:ReportAnalyzer=true, and prints the compiler's own
# per-analyzer timings next to the built-in analyzers and the whole Csc task. Each assembly's time is also
# given as a share of all analyzers' time: load from other processes slows every analyzer alike, so that
# share moves much less than the seconds do on a busy machine.
# Needs only the .NET SDK and bash. Usage: run.sh [files] [runs]
set -euo pipefail

FILES="${1:-500}"
RUNS="${2:-2}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sts-analyzer-cost.XXXXXX")"
# ANALYZER_COST_KEEP=1 keeps the generated consumer and the build logs (the compiler's command line is in them).
if [ "${ANALYZER_COST_KEEP:-}" = 1 ]; then echo "Keeping $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

core_version="$(sed -n 's/.*Include="AWSSDK.Core" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")"
sts_version="$(sed -n 's/.*Include="AWSSDK.SecurityToken" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")"

echo "Building the analyzers (Release)…" >&2
dotnet build "$ROOT/analyzers/Sts.Resilience.Analyzers.CodeFixes/Sts.Resilience.Analyzers.CodeFixes.csproj" -c Release -nologo -v:q -nodeReuse:false >&2
ANALYZERS="$ROOT/analyzers/Sts.Resilience.Analyzers/bin/Release/netstandard2.0/Sts.Resilience.Analyzers.dll"

# The consumer sits outside the repository so none of its Directory.*.props apply.
mkdir -p "$WORK/Consumer"
cat > "$WORK/Consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- The built-in analyzers at the level this repository itself uses, code style included. -->
    <AnalysisLevel>latest-recommended</AnalysisLevel>
    <EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>
    <NoWarn>\$(NoWarn);CS1591;CA1822;CA1515;CA1812;CA1002;CA2007;STSR003;STSR005</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AWSSDK.Core" Version="$core_version" />
    <PackageReference Include="AWSSDK.SecurityToken" Version="$sts_version" />
    <Analyzer Include="$ANALYZERS" />
  </ItemGroup>
</Project>
XML

# Ordinary application code with the AWS usages the rules look at, plus the strings and comments every codebase has.
for i in $(seq 1 "$FILES"); do
  cat > "$WORK/Consumer/Service$i.cs" <<CS
using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Consumer.Area$((i % 20));

/// <summary>Service $i: describes, assumes a role and counts words (the secret-free comments every codebase has).</summary>
/// <remarks>Reads its keys from <see cref="AWSCredentials"/> on each call; see docs/secrets.md.</remarks>
public sealed class Service$i(AWSCredentials credentials, IAmazonSecurityTokenService sts)
{
    // The checksum below is a hex digest, not a secret.
    private const string Name = "service-$i";
    private const string Checksum = "da39a3ee5e6b4b0d3255bfef95601890afd8$(printf '%04d' "$i")";
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public string Describe(int value) => string.Create(CultureInfo.InvariantCulture, \$"{Name}: {value} ({Checksum})");

    public async Task<string> AccessKeySuffixAsync()
    {
        var keys = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        return keys.AccessKey.Substring(keys.AccessKey.Length - 4);
    }

    public Task<AssumeRoleResponse> AssumeAsync(string roleArn)
        => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = Name, DurationSeconds = 3600 });

    public AWSCredentials FromEnvironment()
        => new BasicAWSCredentials(
            Environment.GetEnvironmentVariable("APP_KEY_ID") ?? "",
            Environment.GetEnvironmentVariable("APP_SECRET") ?? "");

    public int Count(IEnumerable<string> words)
    {
        var builder = new StringBuilder();
        foreach (var word in words.Where(w => w.Length > 2).Select(w => w.ToUpperInvariant()))
        {
            _counts[word] = _counts.TryGetValue(word, out var n) ? n + 1 : 1;
            builder.Append(word).Append(',');
        }

        return builder.Length + _counts.Count;
    }

    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, attempt)));

    public static string Url(string bucket, string key) => \$"https://{bucket}.s3.amazonaws.com/{Uri.EscapeDataString(key)}?x-id=GetObject";
}
CS
done

echo "Restoring…" >&2
dotnet restore "$WORK/Consumer" -nologo -v:q >&2

summarize() {
  local log="$1"
  # Csc task time from the performance summary; analyzer assemblies from the compiler's ReportAnalyzer table.
  local csc
  csc="$(grep -E '^\s+[0-9.]+ ms\s+Csc\s' "$log" | awk '{print $1/1000}' | head -1)"
  local total
  total="$(grep -m1 'Total analyzer execution time' "$log" | sed -E 's/.*time: ([0-9.]+) seconds.*/\1/')"
  echo "csc_task_seconds=$csc"
  echo "all_analyzers_seconds=$total"
  grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+[A-Za-z].*, Version=' "$log" \
    | sed -E 's/, Version=.*//' | awk -v csc="$csc" -v all="$total" '{t=$1; $1=""; $2=""; sub(/^  */, ""); ok = (t ~ /^[0-9.]+$/); printf "assembly\t%s\t%s s\t%.2f%% of Csc\t%.2f%% of all analyzers\n", $0, t, (ok && csc > 0) ? 100*t/csc : 0, (ok && all > 0) ? 100*t/all : 0}'
  grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+Sts\.Resilience\.Analyzers\.[A-Za-z]+ ' "$log" | sed -E 's/^\s+/rule\t/' || true
}

for run in $(seq 1 "$RUNS"); do
  echo "Build $run of $RUNS…" >&2
  log="$WORK/build$run.log"
  # No shared compiler server: a fresh csc each time, so neither a warm server nor other builds skew one run.
  dotnet build "$WORK/Consumer" -c Release --no-restore --no-incremental -nologo -nodeReuse:false \
    -p:UseSharedCompilation=false -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary > "$log" 2>&1 \
    || { tail -40 "$log" >&2; exit 1; }
  echo "== run $run"
  summarize "$log"
done
