// Facts, not prose (issue 26): no description that the import writes, and no sentence of meanings.json, holds a sentence
// of Transloadit's own description text (the zod .describe() strings of the robots in @transloadit/node's dist/).
//
//   cd tools/robot-import && npm ci && npm test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tool = resolve(here, '..');
const schemaDir = resolve(tool, '../../schema');
const robotsDist = join(tool, 'node_modules/@transloadit/node/dist/alphalib/types/robots');

/** Every description string in a zod schema's tree (its own and its members', options', items'...). */
function zodDescriptions(root) {
  const found = new Set();
  const seen = new Set();
  const walk = (value) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(walk);
    if (value instanceof Map) return [...value.values()].forEach(walk);
    const def = value._def ?? value.def;
    if (def) {
      if (typeof value.description === 'string') found.add(value.description);
      for (const [key, member] of Object.entries(def)) walk(key === 'shape' && typeof member === 'function' ? member() : member);
    } else {
      Object.values(value).forEach(walk);
    }
  };
  walk(root);
  return found;
}

/** Transloadit's sentences, of four words or more, lower-cased and without their closing stop. */
async function transloaditSentences() {
  const index = await import(pathToFileURL(join(robotsDist, '_index.js')).href);
  const sentences = new Set();
  for (const option of index.getRobotSchemaOptions()) {
    for (const text of zodDescriptions(option)) {
      for (const sentence of text.split(/\n+|(?<=[.!?])\s+/)) {
        const plain = sentence.replace(/\s+/g, ' ').trim().replace(/[.!?:]+$/, '').toLowerCase();
        if (plain.split(' ').length >= 4) sentences.add(plain);
      }
    }
  }
  return sentences;
}

function schemaDescriptions(node, out = []) {
  if (Array.isArray(node)) node.forEach((item) => schemaDescriptions(item, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'description' && typeof value === 'string') out.push(value);
      else schemaDescriptions(value, out);
    }
  }
  return out;
}

const sentences = await transloaditSentences();
const copied = (text) => [...sentences].filter((s) => text.toLowerCase().replace(/\s+/g, ' ').includes(s));

test("Transloadit's description sentences are read", () => {
  assert.ok(sentences.size > 1000, `only ${sentences.size} sentences`);
  assert.ok(sentences.has('the region where the bucket is located'));
});

// Every robot file, those the import writes and the curated image-generate and upload-handle written by hand, and
// robot-shared.schema.json, where the import's entries stand beside curated ones.
test("no description in schema/robots holds a sentence of Transloadit's text", () => {
  const schemas = readdirSync(join(schemaDir, 'robots'))
    .map((name) => [join(schemaDir, 'robots', name), JSON.parse(readFileSync(join(schemaDir, 'robots', name), 'utf8'))]);
  assert.ok(schemas.length >= 90, `only ${schemas.length} robot files`);
  const shared = join(schemaDir, 'robot-shared.schema.json');
  const hits = [];
  let read = 0;
  for (const [file, schema] of [...schemas, [shared, JSON.parse(readFileSync(shared, 'utf8'))]]) {
    for (const description of schemaDescriptions(schema)) {
      read++;
      for (const sentence of copied(description)) hits.push(`${file}: "${sentence}"`);
    }
  }
  assert.ok(read > 1000, `only ${read} descriptions read`);
  assert.deepEqual(hits, []);
});

test("no sentence of meanings.json holds a sentence of Transloadit's text", () => {
  const table = JSON.parse(readFileSync(join(tool, 'meanings.json'), 'utf8'));
  const hits = Object.entries(table).flatMap(([key, text]) => (typeof text === 'string' ? copied(text).map((s) => `${key}: "${s}"`) : []));
  assert.deepEqual(hits, []);
});

test('the check finds a copied sentence', () => {
  assert.deepEqual(copied('A string. The region where the bucket is located.'), ['the region where the bucket is located']);
});
