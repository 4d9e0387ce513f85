// Differential check of the import: seeded random steps for every robot, judged by Transloadit's own zod schema (the one
// the linter runs) and by schema/ (ajv, JSON Schema 2020-12). A step schema/ accepts and zod rejects breaks the floor and
// fails the check; a step schema/ rejects and zod accepts is a stricter rule, listed (the documented ones: parse-int
// strings, the curated /image/generate). `use` is left out: ajv does not follow the shared $dynamicRef the way JsonSchema.Net
// does, and the C# tests judge use.
//
//   cd tools/robot-import && npm ci && node check-fidelity.mjs [steps-per-robot] [seed]
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const index = await import(pathToFileURL(join(here, 'node_modules/@transloadit/node/dist/alphalib/types/robots/_index.js')).href);
const perRobot = Number(process.argv[2] ?? 300);
let seed = Number(process.argv[3] ?? 20260126) >>> 0;

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
ajv.addSchema(JSON.parse(readFileSync(join(repo, 'schema/robot-shared.schema.json'), 'utf8')));
const schemas = {};
for (const file of readdirSync(join(repo, 'schema/robots')).sort()) {
  const schema = JSON.parse(readFileSync(join(repo, 'schema/robots', file), 'utf8'));
  ajv.addSchema(schema);
  schemas[schema.title] = schema;
}
const examples = {};
for (const file of readdirSync(join(repo, 'samples/assemblies/robots')).sort()) {
  for (const step of Object.values(JSON.parse(readFileSync(join(repo, 'samples/assemblies/robots', file), 'utf8')).steps)) {
    (examples[step.robot] ??= []).push(step);
  }
}

// mulberry32, seeded: the same steps each run
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const values = [
  null, true, false, 0, 1, -1, 1.5, 42, 100000, '', 'x', 'true', 'false', '42', '1.5', '-3', '01', '${fields.x}', 'a${fields.x}b',
  '${}', [], ['x'], [1], {}, { a: 1 }, { a: true }, ':original', 'http://x.y/z', 'ftp://q', '#ffffff', 'v6', 'v3', '1-2', '2-1', 'a.b',
  [['a', '=', 1]], ['meta'], ['${fields.x}'], 'hls/480p', '=', 'regex',
];
const enumValues = (node, out = []) => {
  if (node && typeof node === 'object') {
    if (Array.isArray(node.enum)) out.push(...node.enum);
    Object.values(node).forEach((v) => enumValues(v, out));
  }
  return out;
};
function* paths(value, path = []) {
  yield path;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* paths(value[i], [...path, i]);
  else if (value && typeof value === 'object') for (const key of Object.keys(value)) yield* paths(value[key], [...path, key]);
}

/** A step of random top-level values, or an example (or the defaults) with one or two nested edits. */
function randomStep(robot, schema) {
  const pool = [...values, ...enumValues(schema)];
  const names = Object.keys(schema.properties).filter((n) => n !== 'robot' && n !== 'use');
  if (random() < 0.5) {
    const step = { robot };
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const r = random();
      step[pick(names)] = r < 0.15 ? [pick(pool)] : r < 0.25 ? { [pick(['a', ...names])]: pick(pool) } : pick(pool);
    }
    if (random() < 0.05) step.unknown_key = 1;
    return step;
  }
  const defaults = Object.fromEntries(Object.entries(schema.properties).filter(([, p]) => p.default != null).map(([n, p]) => [n, p.default]));
  const step = structuredClone(pick([...(examples[robot] ?? []), { robot, ...defaults, ...(examples[robot]?.[0] ?? {}) }]));
  delete step.use;
  for (let e = 0; e < 1 + Math.floor(random() * 2); e++) {
    const targets = [...paths(step)].filter((p) => p.length > 0 && p[0] !== 'robot');
    if (targets.length === 0) break;
    const path = pick(targets);
    let parent = step;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const r = random();
    const last = path[path.length - 1];
    if (r < 0.6 || Array.isArray(parent)) parent[last] = structuredClone(pick(pool));
    else if (r < 0.8) delete parent[last];
    else parent[`unknown_${Math.floor(random() * 3)}`] = 1;
  }
  return step;
}

let total = 0;
const looser = [];
const stricter = new Map();
for (const option of index.getRobotSchemaOptions()) {
  const robot = option._def.shape().robot._def.value;
  const validate = ajv.getSchema(schemas[robot].$id);
  for (let i = 0; i < perRobot; i++) {
    const step = randomStep(robot, schemas[robot]);
    const zod = option.safeParse(step).success;
    const ours = validate(step);
    total++;
    if (ours && !zod) looser.push(JSON.stringify(step));
    if (!ours && zod) stricter.set(robot, [...(stricter.get(robot) ?? []), JSON.stringify(step)]);
  }
}
console.log(`${total} steps over ${Object.keys(schemas).length} robots: ${looser.length} taken by schema/ only, ${[...stricter.values()].flat().length} by Transloadit only`);
for (const step of looser.slice(0, 20)) console.log(`  schema/ only: ${step.slice(0, 240)}`);
for (const [robot, steps] of stricter) console.log(`  Transloadit only, ${robot} (${steps.length}): ${steps[0].slice(0, 200)}`);
process.exitCode = looser.length > 0 ? 1 : 0;
