// Mutates the assemblies of samples/assemblies/ (seeded, so the same file comes out each time), runs Transloadit's own
// linter (@transloadit/node 4.12.0, lintAssemblyInstructions) on each mutant and writes the mutants with its verdicts to
// samples/assemblies.mutations.transloadit-lint.json. A test reads it: wherever the linter rejects a mutant, ImageSdk must
// reject it too. Tests never run npm; this script refreshes the file.
//
//   cd tools/transloadit-lint && npm install && node mutate-corpus.mjs [count] [seed]
//   node mutate-corpus.mjs --extend PER-FILE SEED FILE...    # keep the recorded mutants; append PER-FILE of each new file
//
// A mutation replaces a value (with a value of another type, an empty or interpolated string, a model, a role...), deletes
// or renames a key, adds a key to an object or an item to an array; each mutant gets one to three of them. The pools hold
// the pipeline robots' names, parameters and values too (import, filter, resize, optimize, video, describe, storage).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linterName, verdictOf } from './verdict.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../samples/assemblies');
const output = resolve(here, '../../samples/assemblies.mutations.transloadit-lint.json');
const extend = process.argv[2] === '--extend';
const args = extend ? process.argv.slice(3) : process.argv.slice(2);
const count = Number(args[0] ?? 600);
let seed = Number(args[1] ?? 20261126) >>> 0;
const only = extend ? new Set(args.slice(2).map((f) => basename(f))) : null;

// mulberry32: a small seeded generator, so the file is reproducible.
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const values = [
  null, true, false, 0, -1, 1, 1.5, 2, 11, 1e9, '', ' ', 'x', 'true', '1', 'png', 'PNG', 'svg', 'jpg', 'webp', '16:9', '1:1',
  '3:2', 'abc:1', '${fields.x}', '${unknown}', ':original', 'generated', 'image', 'mask', 'recraft-v3', 'flux-schnell',
  'google/nano-banana', 'gpt-image-2', 'openai/gpt-image-2', '/image/generate', '/upload/handle', '/image/resize',
  'realistic_image', [], {}, [':original'], { steps: [':original'] }, [{ name: ':original', as: 'image' }], { x: 1 },
  // the pipeline robots' values: import, filter, resize, optimize, video, describe and storage
  '/http/import', '/s3/import', '/file/filter', '/image/optimize', '/video/thumbs', '/image/describe', '/s3/store',
  'fit', 'cover', 'my_s3', 'https://example.com/a.jpg', '${file.mime}', 25001, 'v6', 'imported', 'thumbs',
  [['${file.mime}', 'regex', 'image']],
];
const keys = [
  'prompt', 'model', 'format', 'seed', 'aspect_ratio', 'width', 'height', 'style', 'num_outputs', 'provider', 'use',
  'output_meta', 'queue', 'force_accept', 'ignore_errors', 'result', 'robot', 'steps', 'auth', 'notify_url', 'fields',
  'template_id', 'foo', 'as', 'name', 'bundle_steps',
  'resize_strategy', 'credentials', 'path', 'url', 'accepts', 'condition_type', 'count', 'preset', 'progressive', 'granularity',
];

function* nodes(value, path = []) {
  yield [path, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* nodes(value[i], [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) yield* nodes(value[key], [...path, key]);
  }
}

function mutate(document) {
  const root = clone(document);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const [path, value] = pick([...nodes(root)]);
    if (path.length === 0) {
      if (root && typeof root === 'object' && !Array.isArray(root)) root[pick(keys)] = clone(pick(values));
      continue;
    }
    const parent = path.slice(0, -1).reduce((node, key) => node[key], root);
    const key = path[path.length - 1];
    const op = random();
    if (op < 0.4) parent[key] = clone(pick(values));
    else if (op < 0.55) Array.isArray(parent) ? parent.splice(key, 1) : delete parent[key];
    else if (op < 0.7 && !Array.isArray(parent)) {
      const renamed = pick(keys);
      const moved = parent[key];
      delete parent[key];
      parent[renamed] = moved;
    } else if (op < 0.85 && value && typeof value === 'object' && !Array.isArray(value)) value[pick(keys)] = clone(pick(values));
    else if (Array.isArray(value)) value.push(clone(pick(values)));
    else parent[key] = clone(pick(values));
  }
  return root;
}

const sources = readdirSync(corpus).filter((f) => f.endsWith('.json') && (only === null || only.has(f))).sort().flatMap((file) => {
  try {
    return [{ file, document: JSON.parse(readFileSync(join(corpus, file), 'utf8')) }];
  } catch {
    return []; // the corpus's hostile bytes and broken JSON are not mutated
  }
});

// Extending: the recorded mutants stay as they are, and each named file gets `count` more, numbered after them.
const mutants = extend ? JSON.parse(readFileSync(output, 'utf8')).mutants : [];
const recorded = mutants.length;
const plan = extend ? sources.flatMap((source) => Array.from({ length: count }, () => source)) : Array.from({ length: count }, () => null);
for (const planned of plan) {
  const source = planned ?? pick(sources);
  const text = JSON.stringify(mutate(source.document), null, 2);
  const { success, errors, paths } = await verdictOf(text);
  mutants.push({ name: `mutant-${String(mutants.length).padStart(4, '0')}`, from: source.file, success, errors, paths, text });
}

const json = JSON.stringify({ linter: linterName, mutants }, null, 2) + '\n';
writeFileSync(output, json);
const added = mutants.slice(recorded);
console.log(`wrote ${added.length} mutants (${mutants.length} in all), ${added.filter((m) => !m.success).length} of them rejected by the linter`);
