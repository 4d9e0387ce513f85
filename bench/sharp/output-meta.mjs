// What a Node user runs for output_meta: sharp decodes, sharp.stats() gives transparency and the dominant colour,
// npm blurhash (the reference encoder) hashes the full-size pixels (4x3). Same synthetic PNGs as OutputMetaBenchmarks.
//   cd bench/sharp && npm install && node output-meta.mjs
import sharp from 'sharp';
import { encode } from 'blurhash';

async function png(size, alpha) {
  const channels = alpha ? 4 : 3;
  const data = Buffer.alloc(size * size * channels);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const i = (y * size + x) * channels;
    data[i] = Math.trunc((x * 255) / size); data[i + 1] = Math.trunc((y * 255) / size); data[i + 2] = Math.min(255, Math.trunc((x + y) * 0.37));
    if (alpha) data[i + 3] = Math.trunc((y * 255) / size);
  }
  return sharp(data, { raw: { width: size, height: size, channels } }).png({ compressionLevel: 6 }).toBuffer();
}

// fullSize: hash the full image, as ImageSdk does (the same string); else the common recipe: a 64 px copy first.
async function outputMeta(bytes, fullSize) {
  const image = sharp(bytes);
  const stats = await image.stats();
  const pipeline = fullSize ? sharp(bytes) : sharp(bytes).resize(64, 64, { fit: 'inside' });
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const hash = encode(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height, 4, 3);
  return [!stats.isOpaque, stats.dominant, hash];
}

for (const [name, size, alpha] of [['2048x2048 RGBA', 2048, true], ['1024x1024 opaque', 1024, false]]) {
  const bytes = await png(size, alpha);
  for (const fullSize of [false, true]) {
    const rounds = fullSize ? 2 : 10;
    for (let i = 0; i < (fullSize ? 1 : 3); i++) await outputMeta(bytes, fullSize); // warm-up
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await outputMeta(bytes, fullSize);
    const label = fullSize ? 'blurhash on the full image' : 'blurhash on a 64 px copy';
    console.log(`sharp + npm blurhash (${label}), ${name}: ${(Number(process.hrtime.bigint() - start) / rounds / 1e6).toFixed(1)} ms`);
  }
}
