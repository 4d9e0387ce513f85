// Records the reference BlurHash encoder's strings (woltapp's, npm blurhash 2.0.5) for fixed synthetic images, as test
// vectors for ImageSdk's in-house encoder (tests/ImageSdk.Tests/Imaging/blurhash-vectors.json). The pixels come from
// integer formulas that the C# test reproduces exactly, so both encoders see identical pixels.
//   cd tools/blurhash-vectors && npm install && node record-vectors.mjs
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'blurhash';

// Each pattern gives R, G, B, A in 0..255 for pixel (x, y) of a w x h image, with integer arithmetic only.
const patterns = {
  solid: (x, y, w, h) => [200, 80, 30, 255],
  gradient: (x, y, w, h) => [Math.floor((255 * x) / Math.max(1, w - 1)), Math.floor((255 * y) / Math.max(1, h - 1)), 128, 255],
  checker: (x, y) => (((x >> 3) + (y >> 3)) % 2 === 0 ? [250, 250, 250, 255] : [20, 40, 60, 255]),
  noise: (x, y) => { let s = (x * 73856093) ^ (y * 19349663); s = (Math.imul(s, 1103515245) + 12345) >>> 0; return [s & 255, (s >>> 8) & 255, (s >>> 16) & 255, 255]; },
  rings: (x, y, w, h) => { const d = (x - (w >> 1)) * (x - (w >> 1)) + (y - (h >> 1)) * (y - (h >> 1)); return [(d >> 2) & 255, 255 - ((d >> 3) & 255), (d >> 4) & 255, 255]; },
  alpha: (x, y, w, h) => [x * 7 & 255, y * 5 & 255, 90, x < (w >> 1) ? 0 : 255],
};
const sizes = [[1, 1], [7, 5], [32, 32], [64, 48], [200, 150]];
const components = [[1, 1], [4, 3], [4, 4], [5, 2], [9, 9]];

const vectors = [];
for (const [pattern, pixel] of Object.entries(patterns)) {
  for (const [w, h] of sizes) {
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(pixel(x, y, w, h), 4 * (y * w + x));
    for (const [cx, cy] of components) vectors.push({ pattern, width: w, height: h, componentsX: cx, componentsY: cy, hash: encode(data, w, h, cx, cy) });
  }
}
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../tests/ImageSdk.Tests/Imaging/blurhash-vectors.json');
writeFileSync(out, JSON.stringify({ encoder: 'blurhash 2.0.5 (npm, woltapp)', vectors }, null, 1) + '\n');
console.log(`wrote ${vectors.length} vectors`);
