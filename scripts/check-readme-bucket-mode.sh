#!/usr/bin/env bash
# Runs the README's "try the bucket mode on a laptop" lines as they stand, against moto's S3 server on a free
# loopback port instead of 5000, and checks what the query prints: the README's commands stay true.
set -euo pipefail
cd "$(dirname "$0")/.."

# The lines call the AWS CLI (for the bucket) and moto; install the CLI where it is missing.
command -v aws >/dev/null 2>&1 || python3 -m pip install --quiet awscli >/dev/null

block="$(awk '/To try the bucket mode on a laptop/ { found = 1 } found && /^```bash$/ { inside = 1; next } inside && /^```$/ { exit } inside' README.md)"
[ -n "$block" ] || { echo "README check: the bucket-mode block was not found" >&2; exit 1; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
block="${block//5000/$port}"

work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
output="$work/output"
while IFS= read -r line; do
  echo "+ $line"
  if [[ "$line" == *"&" ]]; then
    eval "$line" >"$work/server.log" 2>&1
  else
    eval "$line" >"$output" 2>"$work/errors" || { code=$?; echo "README check: exit $code from: $line" >&2; cat "$output" "$work/errors" >&2; exit 1; }
  fi
  if [[ "$line" == *"moto.server -p"* ]]; then
    # A person types the next line seconds later; a script waits for the port.
    for _ in $(seq 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
  fi
done <<<"$block"

expected=$'siteid,changes\nwh-1,2\nwh-2,2'
# CSV rows end in CRLF (RFC 4180).
if [ "$(tr -d '\r' <"$output")" != "$expected" ]; then
  echo "README check: the query printed something else than the README says:" >&2
  cat "$output" >&2
  exit 1
fi
echo "README bucket mode: the commands ran against moto and the query printed what the README says"
