#!/usr/bin/env bash
# Mutation testing (dotnet-stryker 5.1.0, from the local tool manifest dotnet-tools.json) of the engine, the CLI cache
# key and the options validator against tests/Sts.Resilience.Tests, one source file per run so each file gets its own
# score and the run can be time-boxed. Per-test coverage, one test runner at a time (the machine is shared).
#
#   bash eng/mutation.sh                      # every file below
#   bash eng/mutation.sh Engine/CacheEntry.cs # one file (path under src/Sts.Resilience)
#
# Each file runs only the tests that concern it (Stryker's --test-case-filter, the `filters` table below): without it
# every run starts with the whole suite (about 8 minutes on the shared machine) and a mutant covered by a 10,000-input
# property test or the random-schedule tests reruns them (about 12 s a mutant). A file missing from the table is refused.
#
# Reports go to StrykerOutput/<file>/ under tests/Sts.Resilience.Tests (ignored by git); the score per file is printed
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
engine="FullyQualifiedName~$t.Engine.BackoffAndWindowTests|FullyQualifiedName~$t.Engine.ScheduleDefectTests"
engine+="|FullyQualifiedName~$t.Engine.SideEffectTests|FullyQualifiedName~$t.Engine.SoakDefectTests"
engine+="|FullyQualifiedName~$t.Engine.SyncCallerStarvationTests|FullyQualifiedName~$t.Credentials.RefreshingRoleCredentialsTests"
engine+="|FullyQualifiedName~$t.Credentials.CallerCancellationTests"
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
summary=()
for file in "${files[@]}"; do
  if [ -z "${filters[$file]:-}" ]; then echo "no test filter for $file: add one to the table" >&2; exit 2; fi
  name=$(basename "$file" .cs)
  out="StrykerOutput/$name"
  rm -rf "$out"
  started=$SECONDS
  dotnet tool run dotnet-stryker --config-file "$root/eng/stryker-config.json" --mutate "**/$file" \
    --test-case-filter "${filters[$file]}" --output "$out" --skip-version-check 2>&1 | tee "$scratch/$name.log" | grep -E 'mutation score|Killed|Survived|Timeout|No covered|error' || true
  score=$(grep -oE 'The final mutation score is [0-9.]+ ?%' "$scratch/$name.log" | grep -oE '[0-9.]+ ?%' | tail -n 1)
  mkdir -p StrykerOutput && cp "$scratch/$name.log" "StrykerOutput/$name.log"
  summary+=("$file: ${score:-no score} ($((SECONDS - started)) s)")
done

echo
echo "mutation scores:"
printf '  %s\n' "${summary[@]}"
