#!/usr/bin/env bash
# Peak memory (VmHWM) of an offline generate -> resize -> optimize batch of 100 and of 1,000 images, each in a process of
# its own (with the imagesdk CLI's GC setting, ConserveMemory 9), alternating, R times (default 1); prints each run and the ratio of the medians. Goal (issue 27): 1,000 images
# at most 1.25x the peak of 100.   bash bench/peak-memory/batch.sh [R]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
repeats="${1:-1}"
dotnet build "$repo/bench/ImageSdk.Benchmarks" -c Release -v q -nologo > /dev/null
dll="$repo/bench/ImageSdk.Benchmarks/bin/Release/net10.0/ImageSdk.Benchmarks.dll"
declare -a small large
for _ in $(seq 1 "$repeats"); do
  for n in 100 1000; do
    line=$(DOTNET_GCConserveMemory=9 dotnet "$dll" peak-memory-batch "$n" | tee /dev/stderr | tail -1)
    mb=$(echo "$line" | sed -E 's/.*: peak ([0-9]+) MB.*/\1/')
    if [ "$n" = 100 ]; then small+=("$mb"); else large+=("$mb"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms=$(median "${small[@]}"); ml=$(median "${large[@]}")
echo "median peak: 100 images ${ms} MB, 1,000 images ${ml} MB, ratio $(echo "scale=2; $ml / $ms" | bc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
