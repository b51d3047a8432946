#!/usr/bin/env bash
# JSON.gz lake vs Parquet lake: the same 1,000,000-record sample replayed into both, then each query below run by
# `pipeslake-replay query` with a cold page cache. Prints a Markdown table: the lake's size under data/, and per
# query the bytes read from disk and the time, each less what `SELECT 1` costs (starting the tool, loading DuckDB).
# Needs root (it drops the page cache through /proc/sys/vm/drop_caches) and python3.
# Usage: bench/formats.sh [records] [work folder]
set -euo pipefail
records="${1:-1000000}"
work="${2:-${TMPDIR:-/tmp}/pipeslake-formats}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$repo/tools/PipesLake.Replay" -c Release -v q -nologo >/dev/null
tool="$repo/tools/PipesLake.Replay/bin/Release/net10.0/pipeslake-replay.dll"
mkdir -p "$work"
sed 's/^config:$/config:\n  pipeslake:format: parquet/' "$repo/Pulumi.dev.yaml" > "$work/Pulumi.dev.yaml"
[ -f "$work/stream.ndjson" ] || dotnet "$tool" sample --count "$records" --sites 8 --out "$work/stream.ndjson" >/dev/null
for format in json parquet; do
  if [ ! -d "$work/$format" ]; then
    stack=(); [ "$format" = parquet ] && stack=(--stack-file "$work/Pulumi.dev.yaml")
    dotnet "$tool" replay "$work/stream.ndjson" --lake "$work/$format" --arrival 2024-02-01T12:00:00Z "${stack[@]}" >/dev/null 2>&1 || [ $? -eq 3 ]
  fi
done

# One query's cost: "<seconds> <bytes read>": wall time, and the bytes the process read through read(2) and pread(2)
# (rchar of /proc/<pid>/io, sampled every 2 ms until it ends), after the page cache was dropped.
measure() {
  local format="$1" sql="$2" stack=()
  [ "$format" = parquet ] && stack=(--stack-file "$work/Pulumi.dev.yaml")
  sync; echo 3 > /proc/sys/vm/drop_caches
  python3 - "$tool" "$sql" "$work/$format" "${stack[@]}" <<'PY'
import subprocess, sys, time
tool, sql, lake, *stack = sys.argv[1:]
start = time.perf_counter()
p = subprocess.Popen(["dotnet", tool, "query", sql, "--lake", lake, *stack, "--format", "csv"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rchar = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/io") as io:
            rchar = max(rchar, int(next(l for l in io if l.startswith("rchar:")).split()[1]))
    except (OSError, StopIteration):
        pass
    time.sleep(0.002)
print(f"{time.perf_counter() - start:.3f} {rchar}")
PY
}

queries=(
  "site-hour, every column|SELECT * FROM orders_changes WHERE siteid = 'site-000' AND year = 2024 AND month = 1 AND day = 1 AND hour = 0"
  "site-day, two columns|SELECT _op, count(*) FROM orders_changes WHERE siteid = 'site-000' AND year = 2024 AND month = 1 AND day = 1 GROUP BY 1"
  "the same, each change once|SELECT _op, count(*) FROM orders_changes_unique WHERE siteid = 'site-000' AND year = 2024 AND month = 1 AND day = 1 GROUP BY 1"
  "current-item|SELECT * FROM orders_changes_current WHERE siteid = 'site-000' AND year = 2024 AND month = 1 AND day = 1 AND hour = 0 AND minute = 7 AND id = 'item-1'"
  "changes_current, site-day count|SELECT count(*) FROM orders_changes_current WHERE siteid = 'site-000' AND year = 2024 AND month = 1 AND day = 1"
  "whole lake, one column|SELECT count(DISTINCT id) FROM orders_changes WHERE siteid IN ('site-000','site-001','site-002','site-003','site-004','site-005','site-006','site-007') AND year = 2024 AND month = 1 AND day = 1"
)
echo "| lake | JSON.gz | Parquet |"
echo "| --- | --- | --- |"
echo "| size of data/ | $(du -sb "$work/json/data" | cut -f1) B | $(du -sb "$work/parquet/data" | cut -f1) B |"
read -r json_base_s json_base_b <<< "$(measure json 'SELECT 1')"
read -r parquet_base_s parquet_base_b <<< "$(measure parquet 'SELECT 1')"
for entry in "${queries[@]}"; do
  name="${entry%%|*}"; sql="${entry#*|}"
  read -r js jb <<< "$(measure json "$sql")"
  read -r ps pb <<< "$(measure parquet "$sql")"
  printf '| %s | %s B, %.2f s | %s B, %.2f s |\n' "$name" "$((jb - json_base_b))" "$(echo "$js - $json_base_s" | bc)" "$((pb - parquet_base_b))" "$(echo "$ps - $parquet_base_s" | bc)"
done
