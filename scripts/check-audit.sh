#!/usr/bin/env bash
# Proves that the build refuses a known-vulnerable package, transitive ones included (Directory.Build.props:
# NuGetAudit, NuGetAuditMode=all, NuGetAuditLevel=low, with TreatWarningsAsErrors). On GitHub the advisories come
# from nuget.org; here they come from a NuGet audit source served on loopback in NuGet's documented format
# (https://learn.microsoft.com/nuget/api/vulnerability-info), so the check needs no network beyond the package
# registry and runs the same everywhere:
#   1. main, audited against a real advisory (GHSA-5crp-9r3c-p9vr, Newtonsoft.Json before 13.0.1): restores;
#   2. a project of this repository's props with that version planted: refused, naming the advisory;
#   3. main, with an advisory planted on a package it only takes transitively (AWSSDK.Core, under AWSSDK.S3): refused.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
python="${PIPESLAKE_PYTHON:-python3}"

work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
source_url="http://127.0.0.1:${port}"
mkdir -p "$work/feed/vulnerability"
cat >"$work/feed/index.json" <<JSON
{"version": "3.0.0", "resources": [{"@id": "${source_url}/vulnerability/index.json", "@type": "VulnerabilityInfo/6.7.0"}]}
JSON
cat >"$work/feed/vulnerability/index.json" <<JSON
[{"@name": "base", "@id": "${source_url}/vulnerability/base.json", "@updated": "2026-01-01T00:00:00Z"},
 {"@name": "update", "@id": "${source_url}/vulnerability/update.json", "@updated": "2026-01-01T00:00:00Z"}]
JSON
echo '{}' >"$work/feed/vulnerability/update.json"
advisories() { # the base page: the real Newtonsoft.Json advisory, plus whatever the case plants
  printf '{"newtonsoft.json": [{"severity": 2, "url": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr", "versions": "(, 13.0.1)"}]%s}\n' "${1:-}" \
    >"$work/feed/vulnerability/base.json"
}
(cd "$work/feed" && exec "$python" -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do
  curl -fsS "$source_url/index.json" >/dev/null 2>&1 && break
  sleep 0.1
done

# The user's package sources, and this audit source in place of theirs. NuGet caches advisories per source: a
# private cache folder keeps each case's own.
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources><clear /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
  <auditSources><clear /><add key="loopback" value="${source_url}/index.json" allowInsecureConnections="true" /></auditSources>
</configuration>
XML
restore() { # restore <what> <log>: exit code of a forced restore against the loopback advisories
  rm -rf "$work/http-cache"
  NUGET_HTTP_CACHE_PATH="$work/http-cache" dotnet restore "$1" --configfile "$work/nuget.config" --force >"$2" 2>&1
}
fail() { echo "audit check: $1" >&2; sed 's/^/  /' "$2" >&2; exit 1; }

advisories
restore PipesLake.Offline.slnf "$work/main.log" || fail "main does not restore against the audit source" "$work/main.log"

mkdir -p "$work/planted"
cat >"$work/planted/Directory.Build.props" <<XML
<Project><Import Project="${repo}/Directory.Build.props" /></Project>
XML
cat >"$work/planted/Directory.Packages.props" <<XML
<Project>
  <Import Project="${repo}/Directory.Packages.props" />
  <ItemGroup><PackageVersion Include="Newtonsoft.Json" Version="12.0.1" /></ItemGroup>
</Project>
XML
cat >"$work/planted/Planted.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup><PackageReference Include="Newtonsoft.Json" /></ItemGroup>
</Project>
XML
if restore "$work/planted/Planted.csproj" "$work/planted.log"; then
  fail "a planted Newtonsoft.Json 12.0.1 restored" "$work/planted.log"
fi
grep -q 'error NU1903.*Newtonsoft.Json.*GHSA-5crp-9r3c-p9vr' "$work/planted.log" ||
  fail "a planted Newtonsoft.Json 12.0.1 failed, but not as NU1903 naming its advisory" "$work/planted.log"

core="$(sed -nE 's/^    "AWSSDK\.Core\/([^"]+)": \{$/\1/p' tools/PipesLake.Replay/obj/project.assets.json | head -1)"
[ -n "$core" ] || fail "no AWSSDK.Core in the tool's restore" "$work/main.log"
# A fictional, low advisory on exactly the version main resolves: only NuGetAuditMode=all and NuGetAuditLevel=low see it.
advisories ", \"awssdk.core\": [{\"severity\": 0, \"url\": \"https://example.invalid/planted-advisory\", \"versions\": \"[${core}, ${core}]\"}]"
if restore PipesLake.Offline.slnf "$work/transitive.log"; then
  fail "an advisory on AWSSDK.Core ${core}, which main takes transitively, did not stop its restore" "$work/transitive.log"
fi
grep -q 'error NU1901.*AWSSDK.Core.*planted-advisory' "$work/transitive.log" ||
  fail "an advisory on the transitive AWSSDK.Core ${core} failed the restore, but not as NU1901 naming it" "$work/transitive.log"

# Leave the working tree restored as the user's own sources restore it.
dotnet restore PipesLake.Offline.slnf --force >/dev/null
echo "audit: a planted vulnerable package and a vulnerable transitive one each fail the restore; main restores"
