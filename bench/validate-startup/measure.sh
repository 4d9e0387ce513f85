#!/usr/bin/env bash
# `imagesdk validate FILE` per call, as a user runs it (the installed RID-specific tool package, a fresh process each call),
# against the peer: `transloadit assemblies lint --steps FILE` (@transloadit/node as pinned in tools/transloadit-lint).
# Alternating, N rounds each (default 20), after 2 warm-up calls of each (disk cache); prints the medians and their ratio.
#   bash bench/validate-startup/measure.sh [N] [TOOL_DIR...]
# Without TOOL_DIR the linux-x64 tool package is packed from this checkout (Release) and installed into a temporary
# --tool-path. With several TOOL_DIRs (each a --tool-path holding `imagesdk`), each is measured in the same rounds.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-20}"; shift || true
file="$repo/bench/validate-startup/four-robots.json"
peer="$repo/tools/transloadit-lint/node_modules/.bin/transloadit"
[ -x "$peer" ] || (cd "$repo/tools/transloadit-lint" && npm ci --no-audit --no-fund > /dev/null)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

tools=("$@")
if [ "${#tools[@]}" -eq 0 ]; then
  dotnet pack "$repo/src/Cli/ImageSdk.Cli.csproj" -c Release -r linux-x64 -o "$work/pkg" -nologo -v q > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
  package=$(ls "$work"/pkg/ImageSdk.Cli.linux-x64.*.nupkg)
  echo "package: $(basename "$package"), $(( $(stat -c %s "$package") / 1024 )) KB"
  dotnet tool install ImageSdk.Cli.linux-x64 --tool-path "$work/tool" --add-source "$work/pkg" --prerelease > /dev/null
  echo "installed: $(du -sm "$work/tool" | cut -f1) MB"
  tools=("$work/tool")
fi

now() { date +%s%N; }
# One call: its wall time in ms; the exit code must be 0 (the document is valid for both).
call() { local s e; s=$(now); "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(now); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for _ in 1 2; do
  call "$peer" assemblies lint --steps "$file" > /dev/null
  for t in "${tools[@]}"; do call "$t/imagesdk" validate "$file" > /dev/null; done
done

declare -a peer_ms; declare -A tool_ms
for i in $(seq 1 "$rounds"); do
  peer_ms+=("$(call "$peer" assemblies lint --steps "$file")")
  for t in "${tools[@]}"; do tool_ms[$t]+="$(call "$t/imagesdk" validate "$file") "; done
done

mp=$(median "${peer_ms[@]}")
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "transloadit assemblies lint --steps: median ${mp} ms over $rounds calls (min $(printf '%s\n' "${peer_ms[@]}" | sort -n | head -1))"
for t in "${tools[@]}"; do
  # shellcheck disable=SC2086
  mt=$(median ${tool_ms[$t]}); mn=$(printf '%s\n' ${tool_ms[$t]} | sort -n | head -1)
  echo "imagesdk validate ($t): median ${mt} ms (min $mn); peer / imagesdk: $(echo "scale=2; $mp / $mt" | bc)x"
done
