#!/usr/bin/env bash
# Native AOT proof: publishes samples/Sts.Resilience.AotSample with PublishAot=true, fails on any trim or AOT
# warning from our assemblies (Sts.Resilience*, the sample), and runs the native binary to its end.
# Installs clang and zlib1g-dev from Debian when they are missing (the native linker needs them).
# Usage: bash eng/aot.sh [output-folder]      Closing line: "aot: N passed, N failed" (one per check).
# AOT_CONFIGURATION=Debug reuses a Debug build (as .ci/run does after the tests); the default is Release.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${1:-"$root/artifacts/aot"}
log="$out.publish.log"
mkdir -p "$(dirname "$out")"
passed=0 failed=0

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
check() { # check OK|FAIL what
  if [ "$1" = OK ]; then passed=$((passed + 1)); echo "PASS $2"; else failed=$((failed + 1)); echo "FAIL $2"; fi
}
finish() { echo "aot: $passed passed, $failed failed"; [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; exit $?; }

# 1. The native toolchain: ILCompiler calls `clang` to link and needs zlib's headers and library.
t=$(now)
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Two runs at once on a fresh machine would race for apt's locks and one would fail: take turns on a lock
  # file (flock, from util-linux), and wait on dpkg's own lock too in case something else holds it.
  lock=()
  command -v flock >/dev/null 2>&1 && lock=(flock "${TMPDIR:-/tmp}/sts-resilience-apt.lock")
  apt=($sudo apt-get -o DPkg::Lock::Timeout=600)
  "${lock[@]}" bash -c '
    command -v clang >/dev/null 2>&1 && dpkg -s zlib1g-dev >/dev/null 2>&1 && exit 0
    "$@" install -y --no-install-recommends clang zlib1g-dev >/dev/null 2>&1 \
      || { "$@" update >/dev/null 2>&1 && "$@" install -y --no-install-recommends clang zlib1g-dev >/dev/null 2>&1; }
  ' apt "${apt[@]}"
fi
if command -v clang >/dev/null 2>&1 && dpkg -s zlib1g-dev >/dev/null 2>&1; then
  check OK "toolchain: $(clang --version | head -n1), zlib1g-dev ($(elapsed "$t"))"
else
  check FAIL "toolchain: clang and zlib1g-dev could not be installed ($(elapsed "$t"))"
  finish
fi

# 2. Publish with Native AOT.
t=$(now)
rm -rf "$out"
configuration=${AOT_CONFIGURATION:-Release}
dotnet publish samples/Sts.Resilience.AotSample -c "$configuration" -r linux-x64 -o "$out" -nodeReuse:false >"$log" 2>&1
status=$?
binary="$out/Sts.Resilience.AotSample"
if [ $status -eq 0 ] && [ -x "$binary" ]; then
  check OK "dotnet publish -c $configuration -p:PublishAot=true: $(du -h "$binary" | cut -f1) native binary ($(elapsed "$t"))"
else
  tail -n 30 "$log"
  check FAIL "dotnet publish -p:PublishAot=true exited with $status ($(elapsed "$t"), log: $log)"
  finish
fi

# 3. Trim and AOT warnings (ILxxxx): none may come from our code; others (AWS SDK, …) are listed, not failed.
warnings=$(grep -E 'warning IL[0-9]{4}' "$log" | sed -E 's/ \[[^]]*\.csproj[^]]*\]$//' | sort -u || true)
ours=$(grep -E '(^|[ /(:])(Sts\.Resilience[A-Za-z.]*)' <<<"$warnings" | grep -v '^$' || true)
others=$(grep -v -F -x -f <(printf '%s\n' "$ours") <<<"$warnings" | grep -v '^$' || true)
if [ -n "$others" ]; then
  echo "trim/AOT warnings from other assemblies ($(grep -c . <<<"$others")):"
  sed 's/^/  /' <<<"$others"
fi
if [ -z "$ours" ]; then
  check OK "no trim/AOT warning from Sts.Resilience, Sts.Resilience.Testing or the sample"
else
  sed 's/^/  /' <<<"$ours"
  check FAIL "$(grep -c . <<<"$ours") trim/AOT warnings from our assemblies"
fi

# 4. Run the native binary: it prints its own PASS/FAIL lines and exits 0 when all passed.
t=$(now)
run_output=$(env -u DOTNET_ROOT timeout 120 "$binary" 2>&1)
status=$?
echo "$run_output"
if [ $status -eq 0 ] && grep -q '^AOT sample: all' <<<"$run_output"; then
  check OK "native binary ran to its end, exit code 0 ($(elapsed "$t"))"
else
  check FAIL "native binary exited with $status ($(elapsed "$t"))"
fi
finish
