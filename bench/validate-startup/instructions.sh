#!/usr/bin/env bash
# Instructions (user space, whole process, every thread) of one `imagesdk validate FILE` call, counted by valgrind's
# callgrind: unlike time, the count does not depend on the machine's load (repeats agree within 0.1 %). Kernel work (page
# faults, mapping files) is not counted. Tiering's call counting is off so that the slowed process compiles what a normal
# call does (a normal call reaches no tier-1 recompilation).
#   bash bench/validate-startup/instructions.sh TOOL_DIR...
# Each TOOL_DIR is a --tool-path holding `imagesdk` (see measure.sh); prints "TOOL_DIR INSTRUCTIONS" per tool.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
file="$repo/bench/validate-startup/four-robots.json"
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for t in "$@"; do
  DOTNET_TC_CallCounting=0 valgrind --tool=callgrind --callgrind-out-file="$work/out.%p" "$t/imagesdk" validate "$file" > /dev/null 2> "$work/log" \
    || { cat "$work/log" >&2; exit 1; }
  echo "$t $(grep -o 'Collected : [0-9]*' "$work/log" | awk '{print $3}')"
done
