#!/usr/bin/env bash
# The analyzer's own CPU cost in process (Harness/Program.cs), on the two generated 500-step sources of measure.sh:
# compile + emit alone, against the analyzer driver with a no-op analyzer and with the ImageSdk analyzer built from this
# tree (and any other builds given first, e.g. one from an older commit), alternating, ROUNDS rounds (default 12).
# Round 1 is a fresh compiler's (cold: JIT, the schema tables), the median of the others the compiler server's.
#   bash bench/analyzer-build/in-process.sh [ROUNDS] [OTHER_ANALYZER_DLL...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-12}"; shift || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

source "$repo/bench/analyzer-build/sources.sh"
write_sources "$work"
dotnet build "$repo/src/Sdk/ImageSdk.csproj" -c Release -f net10.0 -v q -nologo > /dev/null
dotnet build "$repo/src/Analyzer/ImageSdk.Analyzer.csproj" -c Release -v q -nologo > /dev/null
dotnet build "$repo/bench/analyzer-build/Harness/AnalyzerHarness.csproj" -c Release -v q -nologo -o "$work/harness" | grep -E "error|rror\(s\)" || true
mkdir -p "$work/analyzer" && cp "$repo/src/Analyzer/bin/Release/netstandard2.0/ImageSdk.Analyzer.dll" "$work/analyzer/"
for project in generate mixed; do
  echo "== $project"
  dotnet "$work/harness/AnalyzerHarness.dll" "$work/$project.cs" "$repo/src/Sdk/bin/Release/net10.0/ImageSdk.dll" "$rounds" "$@" "$work/analyzer/ImageSdk.Analyzer.dll"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
