#!/usr/bin/env bash
# The analyzer's share of a real build: generated consumer projects of 500 builder steps (50 methods x 10 steps), built
# with `dotnet build --no-incremental --no-dependencies` with and without the analyzer ProjectReference, alternating,
# N rounds each (default 5); with the analyzer twice: the IL one (ProjectReference) and the ReadyToRun copy for this
# platform that the package hands the compiler on `dotnet build` (src/Analyzer.ReadyToRun, buildTransitive/ImageSdk.targets). Prints each build's wall time and CPU time (user + sys of the build and the compiler, which
# runs in a child process here: UseSharedCompilation=false, no node reuse; on a shared machine the CPU time is the steadier
# measure) and the ratios of the medians per project.
#   bash bench/analyzer-build/measure.sh [N] [PROJECT...]
# PROJECT: generate (10 /image/generate steps per method) and mixed (per method: upload, filter, generate, resize,
# optimize, s3 store, video encode, a second generate and resize, a second s3 store); both by default.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-5}"; shift || true
projects=("$@"); [ "${#projects[@]}" -gt 0 ] || projects=(generate mixed)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Sdk/ImageSdk.csproj" -c Release -f net10.0 -v q -nologo > /dev/null
dotnet build "$repo/src/Analyzer/ImageSdk.Analyzer.csproj" -c Release -v q -nologo > /dev/null

rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
dotnet publish "$repo/src/Analyzer.ReadyToRun" -c Release -r "$rid" -o "$work/readytorun" -v q -nologo > /dev/null

source "$repo/bench/analyzer-build/sources.sh"
write_sources "$work"

variants=(without with readytorun)
for project in "${projects[@]}"; do
for variant in "${variants[@]}"; do
  mkdir -p "$work/$project-$variant"
  cp "$work/$project.cs" "$work/$project-$variant/Assemblies.cs"
  analyzer=""
  [ "$variant" = with ] && analyzer="<ProjectReference Include=\"$repo/src/Analyzer/ImageSdk.Analyzer.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" SetConfiguration=\"Configuration=Release\" />"
  [ "$variant" = readytorun ] && analyzer="<Analyzer Include=\"$work/readytorun/ImageSdk.Analyzer.dll\" />"
  cat > "$work/$project-$variant/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Sdk/ImageSdk.csproj" SetConfiguration="Configuration=Release" SetTargetFramework="TargetFramework=net10.0" />
    $analyzer
  </ItemGroup>
</Project>
XML
  dotnet build "$work/$project-$variant" -c Release -v q -nologo > /dev/null   # restore and warm up
done
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for project in "${projects[@]}"; do
  declare -A wall=() cpu=()
  for i in $(seq 1 "$rounds"); do
    for variant in "${variants[@]}"; do
      /usr/bin/time -o "$work/time" -f "%e %U %S" dotnet build "$work/$project-$variant" -c Release --no-incremental --no-dependencies --no-restore \
        -p:UseSharedCompilation=false -nodeReuse:false -v q -nologo > /dev/null
      read -r elapsed user sys < "$work/time"; used=$(echo "$user + $sys" | bc)
      echo "$project round $i $variant: ${elapsed}s, CPU ${used}s"
      wall[$variant]+="$elapsed "; cpu[$variant]+="$used "
    done
  done
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  mo=$(median ${wall[without]}); co=$(median ${cpu[without]})
  line="$project: median without analyzer: ${mo}s (CPU ${co}s)"
  for variant in with readytorun; do
    # shellcheck disable=SC2086
    mw=$(median ${wall[$variant]}); cw=$(median ${cpu[$variant]})
    line+="; $variant: ${mw}s (CPU ${cw}s), ratio wall $(echo "scale=3; $mw / $mo" | bc), CPU $(echo "scale=3; $cw / $co" | bc)"
  done
  echo "$line; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  unset wall cpu
done
