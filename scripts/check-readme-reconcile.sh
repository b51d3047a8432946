#!/usr/bin/env bash
# Runs the README's reconcile lines as they stand (in a temporary folder, with the repository's tool and stack file),
# and checks what they print and their exit codes: the first reconcile 0 with every item matching, the one after the
# lost object 4 with the keys the README names. Then the README's remedy: a backfill again, and reconcile exits 0.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

block="$(awk '/To prove that a lake holds what its table holds/ { found = 1 } found && /^```bash$/ { inside = 1; next } inside && /^```$/ { exit } inside' README.md)"
[ -n "$block" ] || { echo "README check: the reconcile block was not found" >&2; exit 1; }
expected="$(awk '/To prove that a lake holds what its table holds/ { found = 1 } found && /^```text$/ { inside = 1; next } inside && /^```$/ { exit } inside' README.md)"
block="${block//--project tools\//--project $repo/tools/}"
block="${block//--stack-file Pulumi.dev.yaml/--stack-file $repo/Pulumi.dev.yaml}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
dotnet build "$repo/tools/PipesLake.Replay" -v q -nologo >/dev/null
reconciles=0
while IFS= read -r line; do
  echo "+ $line"
  code=0
  eval "$line" >"$work/output" 2>"$work/errors" || code=$?
  if [[ "$line" == *" reconcile "* ]]; then
    reconciles=$((reconciles + 1))
    want=$([ "$reconciles" = 1 ] && echo 0 || echo 4)
    [ "$code" = "$want" ] || { echo "README check: reconcile $reconciles exited $code, the README says $want" >&2; cat "$work/output" "$work/errors" >&2; exit 1; }
    if [ "$reconciles" = 1 ]; then
      grep -Eq '│ items matching +│ +2,000 │' "$work/output" || { echo "README check: the first reconcile does not find 2,000 items matching" >&2; cat "$work/output" >&2; exit 1; }
    else
      while IFS= read -r text; do
        grep -Fqx -- "$text" "$work/output" || { echo "README check: the README's line is not in reconcile's output: $text" >&2; cat "$work/output" >&2; exit 1; }
      done <<<"$expected"
      [ -s reconcile.json ] || { echo "README check: no reconcile.json" >&2; exit 1; }
    fi
  elif [ "$code" != 0 ]; then
    echo "README check: exit $code from: $line" >&2; cat "$work/output" "$work/errors" >&2; exit 1
  fi
done <<<"$block"

# The README's remedy for missing items: the export's backfill again, after which nothing is missing.
tool="dotnet run --project $repo/tools/PipesLake.Replay --"
$tool backfill export --lake lake-2 --stack-file "$repo/Pulumi.dev.yaml" >/dev/null
$tool reconcile export --lake lake-2 --stack-file "$repo/Pulumi.dev.yaml" >/dev/null || { echo "README check: reconcile after the backfill exited $?" >&2; exit 1; }
echo "README reconcile: the lines ran, printed what the README says, and the backfill closed the gap"
