#!/usr/bin/env bash
# Builds and tests everything this machine can restore: the offline solution filter.
# Fails when a test fails or when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")/.."

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# The S3 tests run the tool against a real S3 server on loopback: moto's server (moto[server], Python), which each
# test class starts on a free port and stops (tests/PipesLake.Replay.Tests/S3Server.cs). It enforces S3's conditional
# writes and keeps SSE-KMS; install it where it is missing.
python="${PIPESLAKE_PYTHON:-python3}"
if ! "$python" -c 'import moto.server' 2>/dev/null; then
  "$python" -m pip install --quiet -r scripts/requirements-s3-tests.txt >/dev/null
fi
export PIPESLAKE_PYTHON="$python"

dotnet test PipesLake.Offline.slnf --configuration Release \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" | tee "$results/out.log"

passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  total=$((total + t)); passed=$((passed + p)); failed=$((failed + f))
done

echo "${passed} passed, ${failed} failed"
if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
if [ $((passed + failed)) -ne "$total" ]; then
  echo "$((total - passed - failed)) test(s) did not run (skipped or inconclusive)" >&2
  exit 1
fi
[ "$failed" -eq 0 ]
