#!/usr/bin/env bash
# /image/resize per image, in one sitting: the bare NetVips ThumbnailBuffer call (the baseline), ImageSdk's executor and
# sharp (Node) on the same input bytes, alternating, three times.   bash bench/sharp/resize.sh [ROUNDS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-15}"
[ -d "$repo/bench/sharp/node_modules/sharp" ] || (cd "$repo/bench/sharp" && npm ci --no-audit --no-fund > /dev/null)
dotnet build "$repo/bench/ImageSdk.Benchmarks" -c Release -v q -nologo > /dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for sitting in 1 2 3; do
  echo "sitting $sitting, load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  dotnet "$repo/bench/ImageSdk.Benchmarks/bin/Release/net10.0/ImageSdk.Benchmarks.dll" resize-loop "$work" "$rounds"
  node "$repo/bench/sharp/resize.mjs" "$work" "$rounds"
done
