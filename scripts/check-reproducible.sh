#!/usr/bin/env bash
# Proves the function package does not depend on the checkout's path: builds the offline projects the
# package contains (PipesLake.Partitioning) from two clones at different paths and compares every output
# file byte for byte. Pulumi hashes the package, so a path in a binary would show a change in every
# preview run from another folder or machine.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
first="$work/a/PipesLake"
second="$work/a-much-longer-folder/nested/PipesLake"

for clone in "$first" "$second"; do
  git clone --quiet "$PWD" "$clone"
  dotnet build "$clone/functions/PipesLake.Partitioning" --configuration Release --nologo --verbosity quiet \
    --output "$clone/../package" >/dev/null
done

differ=0
for file in "$first/../package"/*; do
  name="$(basename "$file")"
  if ! cmp --silent "$file" "$second/../package/$name"; then
    echo "differs between the two clones: $name" >&2
    differ=1
  fi
done
[ "$differ" -eq 0 ] || exit 1
echo "package files identical from two paths: $(cd "$first/../package" && sha256sum -- * | sha256sum | cut -c1-16) ($(ls "$first/../package" | wc -l) files)"
