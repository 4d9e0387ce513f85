#!/usr/bin/env bash
# The analyzer's share of a fresh compiler's work, counted in instructions (valgrind's callgrind: user space, whole process,
# every thread), which unlike time do not depend on the machine's load. For each project of measure.sh (generate, mixed):
# the build's own `csc` command line (captured from `dotnet build -v:n`, run again as it is, in the project's folder, a fresh
# compiler as with UseSharedCompilation=false) without the ImageSdk analyzer, then with each analyzer build given (default:
# the ones built from this tree, IL and ReadyToRun). Tiering's call counting is off so that the slowed process JIT-compiles what a normal
# fresh compiler does and no tier-1 recompilation added by the slowdown (the other helpers' instruction scripts do the same);
# a GC heap hard limit only keeps valgrind from failing the GC's 256 GiB address reservation.
#   [JIT=1 [JIT_KEEP=DIR]] bash bench/analyzer-build/instructions.sh [PROJECT] [DIR/ImageSdk.Analyzer.dll...]
# PROJECT: generate (default) or mixed. Prints "variant instructions ratio" per run; the ratio is against the run without.
# JIT=1: see below; JIT_KEEP=DIR keeps each run's JIT list there (jit-without.txt, jit-this.txt: the last analyzer's).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
project="${1:-generate}"; shift || true
# JIT=1: instead of valgrind, the runtime's own list of what the fresh compiler JIT-compiles of the analyzer and engine
# (DOTNET_JitStdOutFile, JitDisasmSummary): "variant methods il-bytes code-bytes" per run, in seconds, also load-independent.
jit="${JIT:-0}"
[ "$jit" = 1 ] || command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Sdk/ImageSdk.csproj" -c Release -f net10.0 -v q -nologo > /dev/null
dotnet build "$repo/src/Analyzer/ImageSdk.Analyzer.csproj" -c Release -v q -nologo > /dev/null
# By default this tree's analyzer twice: the IL one (analyzers/ of the package) and the ReadyToRun copy the package has for
# this platform (src/Analyzer.ReadyToRun, what buildTransitive/ImageSdk.targets gives the compiler on `dotnet build`).
analyzers=("$@")
if [ "${#analyzers[@]}" -eq 0 ]; then
  mkdir -p "$work/this-tree" "$work/this-tree-readytorun"
  cp "$repo/src/Analyzer/bin/Release/netstandard2.0/ImageSdk.Analyzer.dll" "$work/this-tree/"
  rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
  dotnet publish "$repo/src/Analyzer.ReadyToRun" -c Release -r "$rid" -o "$work/this-tree-readytorun" -v q -nologo > /dev/null
  analyzers=("$work/this-tree/ImageSdk.Analyzer.dll" "$work/this-tree-readytorun/ImageSdk.Analyzer.dll")
fi
for dll in "${analyzers[@]}"; do [ "$(basename "$dll")" = ImageSdk.Analyzer.dll ] || { echo "$dll: the compiler loads an analyzer only by its own name, ImageSdk.Analyzer.dll (put each build in a folder)" >&2; exit 2; }; done

source "$repo/bench/analyzer-build/sources.sh"
write_sources "$work"
mkdir -p "$work/consumer"
cp "$work/$project.cs" "$work/consumer/Assemblies.cs"
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Sdk/ImageSdk.csproj" SetConfiguration="Configuration=Release" SetTargetFramework="TargetFramework=net10.0" />
    <ProjectReference Include="$repo/src/Analyzer/ImageSdk.Analyzer.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration=Release" />
  </ItemGroup>
</Project>
XML
# The compiler's command line, as the build runs it (with the analyzer), turned into a response file.
dotnet build "$work/consumer" -c Release --no-incremental -p:UseSharedCompilation=false -nodeReuse:false -v:n -nologo > "$work/build.log"
# --no-incremental compiles the referenced projects again too: take the consumer's own compiler line.
line="$(grep '/Roslyn/bincore/csc ' "$work/build.log" | grep -m1 -F '/out:obj/Release/net10.0/Consumer.dll' | sed 's/^ *//')"
csc="${line%% *}"
echo "${line#* }" > "$work/with.rsp"
own="/analyzer:$repo/src/Analyzer/bin/Release/netstandard2.0/ImageSdk.Analyzer.dll"
grep -qF "$own" "$work/with.rsp" || { echo "the analyzer is not on the compiler's command line" >&2; exit 1; }
sed "s| $own||" "$work/with.rsp" > "$work/without.rsp"

count() { # RSP: instructions of one fresh compiler run (JIT=1: ImageSdk methods, IL bytes, code bytes JIT-compiled)
  if [ "$jit" = 1 ]; then
    rm -f "$work/jit.txt"
    (cd "$work/consumer" && DOTNET_TC_CallCounting=0 DOTNET_JitStdOutFile="$work/jit.txt" DOTNET_JitDisasmSummary=1 "$csc" "@$1" > "$work/csc.out") || { cat "$work/csc.out" >&2; exit 1; }
    [ -z "${JIT_KEEP:-}" ] || cp "$work/jit.txt" "$JIT_KEEP/jit-$(basename "$1" .rsp).txt"
    awk '/ImageSdk\./ { if (match($0, /IL size=[0-9]+/)) { il += substr($0, RSTART + 8, RLENGTH - 8) } if (match($0, /code size=[0-9]+/)) { code += substr($0, RSTART + 10, RLENGTH - 10) } n++ } END { printf "%d %d %d\n", n, il, code }' "$work/jit.txt"
    return
  fi
  (cd "$work/consumer" && DOTNET_TC_CallCounting=0 DOTNET_GCHeapHardLimit=0x100000000 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$csc" "@$1" > "$work/csc.out" 2> "$work/valgrind.log") || { cat "$work/csc.out" "$work/valgrind.log" >&2; exit 1; }
  if grep -q ": error \|warning CS8034" "$work/csc.out"; then cat "$work/csc.out" >&2; exit 1; fi
  grep -o 'Collected : [0-9]*' "$work/valgrind.log" | awk '{print $3}'
}
without=$(count "$work/without.rsp")
[ "$jit" = 1 ] && echo "$project variant methods il-bytes code-bytes" && echo "$project without-analyzer $without" || echo "$project without-analyzer $without 1.0000"
for dll in "${analyzers[@]}"; do
  sed "s|$own|/analyzer:$(readlink -f "$dll")|" "$work/with.rsp" > "$work/this.rsp"
  with=$(count "$work/this.rsp")
  if [ "$jit" = 1 ]; then echo "$project $dll $with"; continue; fi
  echo "$project $dll $with $(echo "scale=4; $with / $without" | bc)"
done
