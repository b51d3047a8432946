#!/usr/bin/env bash
# Builds and tests everything this machine can restore: the offline solution filter.
# Fails when a test fails or when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")/.."

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

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
[ "$failed" -eq 0 ]
