#!/usr/bin/env bash
# Mutation testing (dotnet-stryker 5.1.0, from the local tool manifest dotnet-tools.json) of the engine, the CLI cache
# key and the options validator against tests/Sts.Resilience.Tests: the files given in one run, each scored on its
# own. Per-test coverage, two test runners at most (the machine is shared), 20 s of slack before a mutant counts as a
# timeout (a loaded machine made slow tests look like hangs).
#
#   bash eng/mutation.sh                      # every file below (hours on the shared machine)
#   bash eng/mutation.sh Engine/CacheEntry.cs # some files (paths under src/Sts.Resilience)
#
# Each file's mutants run only the tests that concern it (Stryker's --test-case-filter, the `filters` table below): without it
# every run starts with the whole suite (about 8 minutes on the shared machine) and a mutant covered by a 10,000-input
# property test or the random-schedule tests reruns them (about 12 s a mutant). A file missing from the table is refused.
#
# Reports go to StrykerOutput/<run>/ under tests/Sts.Resilience.Tests (ignored by git); the score per file is printed
# at the end and is what docs/reliability.md quotes.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Isolated from any AWS account, as .ci/run does.
for var in $(compgen -e | grep -E '^AWS_' || true); do unset "$var"; done
export AWS_EC2_METADATA_DISABLED=true
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sts-resilience-mutation.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export HOME="$scratch/home"
mkdir -p "$HOME"
export AWS_CONFIG_FILE="$HOME/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$HOME/.aws/credentials"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Property tests try 500 generated inputs per mutant instead of 10,000 (tests/.../TestSupport/PropertyRuns.cs).
export STS_PROPERTY_ITERATIONS="${STS_PROPERTY_ITERATIONS:-500}"

dotnet tool restore >/dev/null

t=Sts.Resilience.Tests
engine="FullyQualifiedName~$t.Engine.BackoffAndWindowTests|FullyQualifiedName~$t.Engine.DecisionBoundaryTests|FullyQualifiedName~$t.Engine.ScheduleDefectTests"
engine+="|FullyQualifiedName~$t.Engine.SideEffectTests|FullyQualifiedName~$t.Engine.SoakDefectTests"
engine+="|FullyQualifiedName~$t.Engine.SyncCallerStarvationTests|FullyQualifiedName~$t.Credentials.RefreshingRoleCredentialsTests"
engine+="|FullyQualifiedName~$t.Credentials.CallerCancellationTests|FullyQualifiedName~$t.Credentials.ConformanceTests"
cachekey="FullyQualifiedName~$t.Profiles.CliCacheKey|FullyQualifiedName~$t.Profiles.CliCacheCredentialSourceTests"
declare -A filters=(
  [Engine/CacheEntry.cs]=$engine
  [Engine/CallerException.cs]=$engine
  [Engine/LateTimerWatchdog.cs]=$engine
  [Engine/RefreshEngine.Answers.cs]=$engine
  [Engine/RefreshEngine.Decisions.cs]=$engine
  [Engine/RefreshEngine.Refresh.cs]=$engine
  [Engine/RefreshEngine.Status.cs]=$engine
  [Engine/RefreshEngine.Timers.cs]=$engine
  [Engine/RefreshEngine.cs]=$engine
  [Engine/RefreshEngineOptions.cs]=$engine
  [Engine/RefreshTimings.cs]=$engine
  [Profiles/CliCacheKey.cs]=$cachekey
  [Profiles/PythonJson.cs]=$cachekey
  [Credentials/RefreshingRoleCredentialsOptionsValidator.cs]="FullyQualifiedName~$t.Credentials.OptionsValid|FullyQualifiedName~$t.Credentials.RefreshingRoleCredentialsTests"
)

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(
    Engine/CacheEntry.cs
    Engine/CallerException.cs
    Engine/LateTimerWatchdog.cs
    Engine/RefreshEngine.Answers.cs
    Engine/RefreshEngine.Decisions.cs
    Engine/RefreshEngine.Refresh.cs
    Engine/RefreshEngine.Status.cs
    Engine/RefreshEngine.Timers.cs
    Engine/RefreshEngine.cs
    Engine/RefreshEngineOptions.cs
    Engine/RefreshTimings.cs
    Profiles/CliCacheKey.cs
    Profiles/PythonJson.cs
    Credentials/RefreshingRoleCredentialsOptionsValidator.cs
  )
fi

cd tests/Sts.Resilience.Tests

# One Stryker run for all the files: each run first compiles every mutant of the whole project (about 12 minutes on
# the loaded machine), so the files share that cost. Per-test coverage still runs each mutant against only the tests
# (within the filter) that execute it; the filter is the union of the files' own, keeping the slow ones out.
mutate=()
union=()
for file in "${files[@]}"; do
  if [ -z "${filters[$file]:-}" ]; then echo "no test filter for $file: add one to the table" >&2; exit 2; fi
  mutate+=(--mutate "**/$file")
  IFS='|' read -r -a parts <<< "${filters[$file]}"
  for part in "${parts[@]}"; do
    case "|${union[*]:-}|" in *"|$part|"*) ;; *) union+=("$part") ;; esac
  done
done
filter=$(IFS='|'; echo "${union[*]}")
name=${MUTATION_RUN_NAME:-$(date -u +%Y%m%dT%H%M%SZ)}
out="StrykerOutput/$name"
rm -rf "$out"
mkdir -p StrykerOutput
started=$SECONDS
echo "dotnet stryker ${mutate[*]} --test-case-filter \"$filter\"" | tee "StrykerOutput/$name.log"
# Stryker's project analysis (Buildalyzer) sometimes fails with "Could not find build environment" on this machine;
# a second attempt has always passed.
for attempt in 1 2; do
  dotnet tool run dotnet-stryker --config-file "$root/eng/stryker-config.json" "${mutate[@]}" \
    --test-case-filter "$filter" --output "$out" --skip-version-check --verbosity debug 2>&1 | tee -a "StrykerOutput/$name.log" \
    | grep -E 'mutation score|mutants will be tested|error' || true
  grep -q 'Could not find build environment' "StrykerOutput/$name.log" && [ "$attempt" = 1 ] || break
  echo "retrying after Stryker's project analysis failed" | tee -a "StrykerOutput/$name.log"
  mv "StrykerOutput/$name.log" "StrykerOutput/$name.failed.log"
done

echo
echo "mutation scores ($((SECONDS - started)) s; report: tests/Sts.Resilience.Tests/$out/reports/):"
python3 - "$out/reports/mutation-report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for path, data in sorted(report["files"].items()):
    counts = {}
    for mutant in data["mutants"]:
        counts[mutant["status"]] = counts.get(mutant["status"], 0) + 1
    killed, survived = counts.get("Killed", 0), counts.get("Survived", 0)
    timeout, none = counts.get("Timeout", 0), counts.get("NoCoverage", 0)
    tested = killed + survived + timeout + none
    if tested == 0:
        continue
    score = 100.0 * (killed + timeout) / tested
    print(f"  {path.split('src/Sts.Resilience/')[-1]}: {score:.2f} % (killed {killed}, survived {survived}, timeout {timeout}, no coverage {none}; compile errors {counts.get('CompileError', 0)})")
    for mutant in data["mutants"]:
        if mutant["status"] in ("Survived", "NoCoverage"):
            line = mutant["location"]["start"]["line"]
            print(f"    {mutant['status']} line {line}: {mutant['mutatorName']}: {mutant.get('replacement', '')[:80]}")
PY
