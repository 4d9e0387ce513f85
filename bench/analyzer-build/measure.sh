#!/usr/bin/env bash
# The analyzer's share of a real build: a generated consumer project of 500 builder steps (50 methods x 10 steps),
# built with `dotnet build --no-incremental --no-dependencies` with and without the analyzer ProjectReference,
# alternating, N rounds each (default 5). Prints each time and the median ratio.   bash bench/analyzer-build/measure.sh [N]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/Sdk/ImageSdk.csproj" -c Release -f net10.0 -v q -nologo > /dev/null
dotnet build "$repo/src/Analyzer/ImageSdk.Analyzer.csproj" -c Release -v q -nologo > /dev/null

{
  echo "using ImageSdk;"
  echo "public static class Assemblies {"
  for m in $(seq 0 49); do
    echo "  public static AssemblyBuilder Build$m(string prompt) => new AssemblyBuilder().Step(new UploadHandleStep())"
    for s in $(seq 0 9); do
      prev=":original"; [ "$s" -gt 0 ] && prev="s$((s-1))"
      echo "    .Step(\"s$s\", new ImageGenerateStep().Prompt(prompt).Model(ImageModel.GoogleNanoBananaPro).Format(ImageFormat.Png).NumOutputs($((1 + s % 4))).AspectRatio(\"16:9\").Seed($((m * 10 + s))).Use(ImageGenerateInput.Image(\"$prev\")).OutputMeta(OutputMetaField.Blurhash))"
    done
    echo "    ;"
  done
  echo "}"
} > "$work/Assemblies.cs"

for variant in with without; do
  mkdir -p "$work/$variant"
  cp "$work/Assemblies.cs" "$work/$variant/"
  analyzer=""
  [ "$variant" = with ] && analyzer="<ProjectReference Include=\"$repo/src/Analyzer/ImageSdk.Analyzer.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" SetConfiguration=\"Configuration=Release\" />"
  cat > "$work/$variant/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Sdk/ImageSdk.csproj" SetConfiguration="Configuration=Release" SetTargetFramework="TargetFramework=net10.0" />
    $analyzer
  </ItemGroup>
</Project>
XML
  dotnet build "$work/$variant" -c Release -v q -nologo > /dev/null   # restore and warm up
done

declare -a with without
for i in $(seq 1 "$rounds"); do
  for variant in without with; do
    start=$(date +%s.%N)
    dotnet build "$work/$variant" -c Release --no-incremental --no-dependencies --no-restore -v q -nologo > /dev/null
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    echo "round $i $variant: ${elapsed}s"
    if [ "$variant" = with ]; then with+=("$elapsed"); else without+=("$elapsed"); fi
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "median without analyzer: ${mo}s, with: ${mw}s, ratio: $(echo "scale=3; $mw / $mo" | bc)"
