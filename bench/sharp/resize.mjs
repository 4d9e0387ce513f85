// /image/resize's anchor in Node: sharp on the same input bytes as ResizeBenchmarks (written by
// `dotnet ImageSdk.Benchmarks.dll resize-loop DIR ROUNDS`): fit inside 400x300, re-encoded in the input's format (jpeg
// quality 92 without chroma subsampling, as libvips does at quality >= 90; png compression 6). Prints per input the median
// over ROUNDS rounds (each 20 images, one after another) of the time per image.   node resize.mjs DIR ROUNDS
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const [dir, roundsText = '15'] = process.argv.slice(2);
const rounds = Number(roundsText);
sharp.cache(false); // as ImageSdk: libvips' operation cache off, so every call does the work
for (const [input, file] of [['jpeg 2048x1536', 'input-jpeg.jpg'], ['png 1024x768', 'input-png.png']]) {
  const bytes = readFileSync(join(dir, file));
  const jpeg = file.endsWith('.jpg');
  const call = () => {
    const resized = sharp(bytes).resize(400, 300, { fit: 'inside' });
    return (jpeg ? resized.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }) : resized.png({ compressionLevel: 6 })).toBuffer();
  };
  await call();
  const perImage = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) {
      await call();
    }
    perImage.push(Number(process.hrtime.bigint() - start) / 1e6 / 20);
  }
  perImage.sort((a, b) => a - b);
  console.log(`${input}\tsharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})\t${perImage[Math.floor(rounds / 2)].toFixed(2)} ms (best ${perImage[0].toFixed(2)})`);
}
