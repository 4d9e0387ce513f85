#!/usr/bin/env bash
# `imagesdk validate FILE` per call, as a user runs it (the installed RID-specific tool package, a fresh process each call),
# against the peer: `transloadit assemblies lint --steps FILE` (@transloadit/node as pinned in tools/transloadit-lint).
# Alternating, N rounds each (default 20), after 2 warm-up calls of each (disk cache); prints the medians of the wall time
# and of the CPU time (user + sys, from /usr/bin/time: steadier than the wall time on a loaded machine) and their ratios.
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

# One call: "WALL_MS CPU_MS"; the exit code must be 0 (the document is valid for both).
call() {
  /usr/bin/time -o "$work/time" -f "%e %U %S" "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$work/time"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for _ in 1 2; do
  call "$peer" assemblies lint --steps "$file" > /dev/null
  for t in "${tools[@]}"; do call "$t/imagesdk" validate "$file" > /dev/null; done
done

declare -a peer_wall peer_cpu; declare -A tool_wall tool_cpu
for i in $(seq 1 "$rounds"); do
  read -r w c < <(call "$peer" assemblies lint --steps "$file"); peer_wall+=("$w"); peer_cpu+=("$c")
  for t in "${tools[@]}"; do read -r w c < <(call "$t/imagesdk" validate "$file"); tool_wall[$t]+="$w "; tool_cpu[$t]+="$c "; done
done

pw=$(median "${peer_wall[@]}"); pc=$(median "${peer_cpu[@]}")
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "transloadit assemblies lint --steps: median wall ${pw} ms (min $(printf '%s\n' "${peer_wall[@]}" | sort -n | head -1)), CPU ${pc} ms, over $rounds calls"
for t in "${tools[@]}"; do
  # shellcheck disable=SC2086
  tw=$(median ${tool_wall[$t]}); tc=$(median ${tool_cpu[$t]}); tn=$(printf '%s\n' ${tool_wall[$t]} | sort -n | head -1)
  echo "imagesdk validate ($t): median wall ${tw} ms (min $tn), CPU ${tc} ms; peer / imagesdk: wall $(echo "scale=2; $pw / $tw" | bc)x, CPU $(echo "scale=2; $pc / $tc" | bc)x"
done
