// ajv 8 on the same schema/ and corpus as bench/ImageSdk.Benchmarks (ValidatorBenchmarks): compiled once,
// then JSON.parse + validate per document, from UTF-8 bytes each time.   cd bench/ajv && npm install && node validate-corpus.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const ajv = new Ajv2020({ strict: false, allErrors: false });
for (const file of walk(join(root, 'schema')).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')));
}
const validate = ajv.getSchema('https://schemas.imagesdk.dev/assembly.schema.json');
const decoder = new TextDecoder('utf-8', { fatal: true });
// The same documents as ValidatorBenchmarks: UTF-8 JSON that .NET's JsonDocument takes (depth <= 64); "valid" are the
// cases samples/assemblies.expected.json declares valid with no finding.
const expected = JSON.parse(readFileSync(join(root, 'samples/assemblies.expected.json'), 'utf8'));
const depth = (v) => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
const files = readdirSync(join(root, 'samples/assemblies')).filter((f) => f.endsWith('.json')).sort()
  .filter((f) => { try { return depth(JSON.parse(decoder.decode(readFileSync(join(root, 'samples/assemblies', f))))) <= 64; } catch { return false; } });
const all = files.map((f) => readFileSync(join(root, 'samples/assemblies', f)));
const valid = files.filter((f) => expected[f]?.valid && !expected[f].code).map((f) => readFileSync(join(root, 'samples/assemblies', f)));

const time = (name, documents) => {
  const run = () => { let ok = 0; for (const bytes of documents) { if (validate(JSON.parse(decoder.decode(bytes)))) ok++; } return ok; };
  for (let i = 0; i < 2000; i++) run(); // warm-up
  const rounds = 20000;
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < rounds; i++) sink += run();
  const perCorpus = Number(process.hrtime.bigint() - start) / rounds / 1000;
  console.log(`ajv 8 (2020-12), ${name}: ${documents.length} documents, ${perCorpus.toFixed(1)} us per set, ${(perCorpus / documents.length).toFixed(2)} us per document (ajv-valid: ${sink / rounds})`);
};
time('whole corpus', all);
time('valid documents', valid);
