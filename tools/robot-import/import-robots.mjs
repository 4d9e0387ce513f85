// Imports Transloadit's robot definitions (zod, in @transloadit/node's dist/) into schema/: one JSON Schema 2020-12 file per
// robot of the union that Transloadit's linter checks, the robots list of the assembly envelope, the manifest of robots and
// parameters, and each robot's documented example under samples/assemblies/robots/. Facts only: names, types, enums,
// ranges, defaults, required keys, union forms, deprecations and which values take ${...}; the descriptions are written
// here from those facts. A schema file of schema/robots/ without "x-imagesdk-source" is curated and left as it is.
//
//   cd tools/robot-import && npm ci && node import-robots.mjs
//
// Rerun after a version bump of @transloadit/node (package.json): the output is deterministic, so git diff shows what changed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PARTIAL, toRawJsonSchema } from './lib/convert.mjs';
import { canonical, normalize, SHARED, toSharedRefs } from './lib/normalize.mjs';
import { describe } from './lib/describe.mjs';
import { loadMeanings } from './lib/meanings.mjs';
import { formatJson, orderKeys } from './lib/format.mjs';
import { defNames, removeDef, setDef } from './lib/splice.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const schemaDir = join(repo, 'schema');
const robotSchemaDir = join(schemaDir, 'robots');
const examplesDir = join(repo, 'samples/assemblies/robots');
const packageDir = join(here, 'node_modules/@transloadit/node');
const robotsDist = join(packageDir, 'dist/alphalib/types/robots');
const packageName = '@transloadit/node';
const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
const meanings = loadMeanings(join(here, 'meanings.json'));
const load = (file) => import(pathToFileURL(join(robotsDist, file)).href);

const index = await load('_index.js');
const primitives = await load('_instructions-primitives.js');
const aiChat = await load('ai-chat.js');
const known = {
  interpolationFull: primitives.interpolationSchemaFull,
  interpolationPartial: primitives.interpolationSchemaPartial,
  complexWidth: primitives.complexWidthSchema,
  complexHeight: primitives.complexHeightSchema,
  vendorModel: aiChat.vendorModelSchema,
  modelCapabilities: aiChat.MODEL_CAPABILITIES,
};

// The shared parameters of robot-shared.schema.json, and the definition a robot's parameter takes when it is, after
// normalizing, the package's own shared one (robotBase, robotUse): same types, forms and default. "result" comes in two:
// the plain switch, and with Transloadit's "debug" for the robots that take it (the shared "result" definition).
const baseShape = toRawJsonSchema(primitives.interpolateRobot(primitives.robotBase.merge(primitives.robotUse)), known).properties;
const baseForm = (name) => normalize(baseShape[name]);
const withDebug = (form) => ({ ...form, anyOf: [{ enum: ['debug'] }, ...form.anyOf] });
const SHARED_PARAMETERS = [
  ['use', baseForm('use'), { $ref: SHARED + 'use' }],
  ['interpolate', baseForm('interpolate'), { $ref: SHARED + 'interpolate' }],
  ['output_meta', baseForm('output_meta'), { $ref: SHARED + 'output_meta' }],
  ['result', baseForm('result'), { $ref: SHARED + 'switch', default: false }],
  ['result', withDebug(baseForm('result')), { $ref: SHARED + 'result' }],
  ['queue', baseForm('queue'), { $ref: SHARED + 'queue' }],
  ['force_accept', baseForm('force_accept'), { $ref: SHARED + 'force_accept' }],
  ['ignore_errors', baseForm('ignore_errors'), { $ref: SHARED + 'ignore_errors' }],
].map(([name, form, ref]) => ({ name, form: canonical(form), ref }));
const sharedOrder = Object.keys(baseShape).filter((name) => name !== 'use');

const slugOf = (robot) => robot.slice(1).replaceAll('/', '-');
const { stackVersions } = await import(pathToFileURL(join(packageDir, 'dist/alphalib/types/stackVersions.js')).href);

/**
 * The linter's own checks beside the schema, where they take less than the robot's definition:
 * - lintStackParameter (assembly-linter.js): on a robot whose meta lists ffmpeg among its tools (else imagemagick), a string
 *   <tool>_stack must match stackVersions[tool].test, so a ${...} variable there is an error (wrong-ffmpeg-version) although
 *   the definition takes one. The text branch is that pattern alone, and x-imagesdk-check names the check.
 * - zod's .max(n) on a string counts UTF-16 code units (JavaScript's length), JSON Schema's maxLength code points: a pattern
 *   that counts what .NET and JavaScript regexes count, UTF-16 code units, stands beside it (x-imagesdk-length: utf-16).
 */
function linterChecks(name, schema, meta) {
  const tools = meta?.uses_tools ?? [];
  const tool = tools.includes('ffmpeg') ? 'ffmpeg' : tools.includes('imagemagick') ? 'imagemagick' : undefined;
  if (tool && name === `${tool}_stack`) {
    const pattern = stackVersions[tool].test.source;
    const branches = schema.anyOf.filter((b) => b.$ref !== PARTIAL);
    const text = branches.find((b) => b.type === 'string');
    if (!text || text.pattern !== pattern || branches.length !== schema.anyOf.length - 1) throw new Error(`${name}: not the form the stack check expects`);
    text['x-imagesdk-check'] = 'stack-version';
    schema.anyOf = branches;
  }
  utf16Lengths(schema);
  return schema;
}


function utf16Lengths(node) {
  if (Array.isArray(node)) return node.forEach(utf16Lengths);
  if (!node || typeof node !== 'object') return;
  if (node.type === 'string' && node.maxLength !== undefined) {
    if (node.pattern === undefined) {
      node.pattern = `^[\\s\\S]{${node.minLength ?? 0},${node.maxLength}}$`;
      node['x-imagesdk-length'] = 'utf-16';
    } else if (!/^\^[\[\]a-zA-Z0-9-]*[+*]?\$$/.test(node.pattern)) {
      throw new Error(`a maxLength beside the pattern ${node.pattern}, which may take characters outside the BMP`);
    }
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'enum' && key !== 'default') utf16Lengths(value);
}
const { lintAssemblyInstructions } = await import(pathToFileURL(join(packageDir, 'dist/lintAssemblyInstructions.js')).href);

/**
 * Whether a step of the robot with no "use" brings files of its own, as Transloadit's linter judges it: probed on the linter
 * itself (its missing-input error on an assembly of that one step), not transcribed from its code. "always" (importers, the
 * upload step, generators), "given" (a parameter that makes the robot fetch, whatever its value: /html/convert's url),
 * "non-empty-string" (/text/speak's prompt); undefined: never, the robot processes other steps' files.
 */
async function filesWithoutUse(robot, parameters) {
  const bringsFiles = async (step) =>
    !(await lintAssemblyInstructions({ assemblyInstructions: JSON.stringify({ steps: { probe: step } }) })).issues.some((i) => i.code === 'missing-input');
  if (await bringsFiles({ robot })) return { when: 'always' };
  const deciders = [];
  for (const parameter of parameters.filter((n) => n !== 'robot' && n !== 'use')) {
    if (!(await bringsFiles({ robot, [parameter]: 'x' }))) continue;
    if (await bringsFiles({ robot, [parameter]: 5 })) deciders.push({ when: 'given', parameter });
    else if (await bringsFiles({ robot, [parameter]: '' })) throw new Error(`${robot}: '${parameter}' brings files as any string, a case the generator has no name for`);
    else deciders.push({ when: 'non-empty-string', parameter });
  }
  if (deciders.length > 1) throw new Error(`${robot}: several parameters bring files (${deciders.map((d) => d.parameter)}), a case the generator has no form for`);
  return deciders[0];
}

const docsOf = (robot) => `https://transloadit.com/docs/robots/${slugOf(robot)}/`;

/**
 * Every property schema in a tree gets a description written from its facts; the members of the top one, after the
 * sentence of what they are for (meanings.json), where one is given.
 */
function addDescriptions(node, meaning) {
  if (Array.isArray(node)) return node.forEach((item) => addDescriptions(item));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      for (const member of Object.values(value)) {
        addDescriptions(member);
        if (!member.$ref || Object.keys(member).length > 1) member.description = describe(member, meaning);
      }
    } else if (key !== 'default' && key !== 'enum') {
      addDescriptions(value);
    }
  }
}

function robotSchema(robot, zodSchema, exportName, meta, files) {
  const raw = toRawJsonSchema(zodSchema, known);
  const names = Object.keys(raw.properties);
  const own = names.filter((n) => n !== 'robot' && n !== 'use' && !sharedOrder.includes(n));
  const ordered = ['robot', ...names.filter((n) => n === 'use'), ...own, ...sharedOrder.filter((n) => names.includes(n))];
  const properties = {};
  for (const name of ordered) {
    const schema = linterChecks(name, normalize(raw.properties[name]), meta);
    const shared = SHARED_PARAMETERS.find((p) => p.name === name && p.form === canonical(schema));
    if (name === 'robot') {
      properties.robot = { const: robot };
    } else if (shared) {
      properties[name] = structuredClone(shared.ref);
    } else {
      const holder = { properties: { [name]: schema } };
      addDescriptions(holder, meanings.of(robot, name));
      properties[name] = toSharedRefs(holder.properties[name]);
    }
  }
  const stage = meta?.stage;
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://schemas.imagesdk.dev/robots/${slugOf(robot)}.schema.json`,
    title: robot,
    description: `Transloadit's ${robot} robot${meta?.service_slug ? ` (${meta.service_slug.replaceAll('-', ' ')})` : ''}, with its ${ordered.length - 1} parameters. What each does: ${docsOf(robot)}`,
    $comment: 'Generated by tools/robot-import from the package named in x-imagesdk-source. Do not edit: rerun the tool.',
    ...(stage === 'deprecated' || stage === 'removed' ? { deprecated: true } : {}),
    'x-imagesdk-kind': 'robot',
    'x-imagesdk-source': { package: packageName, version, export: exportName },
    'x-imagesdk-docs': docsOf(robot),
    ...(meta?.service_slug ? { 'x-imagesdk-category': meta.service_slug } : {}),
    ...(stage ? { 'x-imagesdk-stage': stage } : {}),
    'x-imagesdk-smart-cdn': linterTakesInSmartCdn(robot),
    ...(meta?.uses_tools?.length ? { 'x-imagesdk-uses-tools': [...meta.uses_tools].sort() } : {}),
    ...(files ? { 'x-imagesdk-files-without-use': files } : {}),
    type: 'object',
    properties,
    required: ordered.filter((n) => raw.required?.includes(n)),
    additionalProperties: raw.additionalProperties === false ? false : undefined,
  };
  if (document.additionalProperties === undefined) delete document.additionalProperties;
  return orderKeys(document);
}

/**
 * Whether the linter takes the robot in a Smart CDN assembly (one with /file/serve). It reads the robot's meta from the
 * package's robotsMeta under a key made of the name's parts in camel case plus "Meta" (/http/import: httpImportMeta), so a
 * robot whose meta is kept under another key (tigrisImport, tigrisStore) is refused there whatever its meta says. The
 * linter is the reference (docs/diagnostics.md names the case), so its answer is the one schema/ records.
 */
function linterTakesInSmartCdn(robot) {
  const key = robot.slice(1).split('/').map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join('') + 'Meta';
  return index.robotsMeta[key]?.isAllowedForUrlTransform === true;
}

const isGenerated = (file) => existsSync(file) && JSON.parse(readFileSync(file, 'utf8'))['x-imagesdk-source'] !== undefined;

const robots = [];
for (const option of index.getRobotSchemaOptions()) {
  const robot = option._def.shape().robot._def.value;
  const module = await load(`${slugOf(robot)}.js`);
  const exportName = Object.keys(module).find((k) => module[k] === option);
  if (!exportName) throw new Error(`${robot}: the linter's schema is not an export of ${slugOf(robot)}.js`);
  const files = await filesWithoutUse(robot, Object.keys(option._def.shape()));
  robots.push({ robot, exportName, meta: module.meta, files, schema: robotSchema(robot, option, exportName, module.meta, files) });
}
robots.sort((a, b) => (a.robot < b.robot ? -1 : a.robot > b.robot ? 1 : 0));
if (meanings.unused().length) throw new Error(`meanings.json: no robot has ${meanings.unused().join(', ')}`);

// A large parameter that several robots share word for word (ffmpeg, ...) is written once, in robot-shared.schema.json,
// under its own name, and the robots $ref it. Such definitions carry x-imagesdk-source, so a rerun replaces or removes them.
const SHARED_MIN_ROBOTS = 3;
const SHARED_MIN_CHARS = 2000;
const sharedFile = join(schemaDir, 'robot-shared.schema.json');
let sharedText = readFileSync(sharedFile, 'utf8');
const curatedDefs = new Set(Object.entries(JSON.parse(sharedText).$defs).filter(([, d]) => !d['x-imagesdk-source']).map(([n]) => n));
const candidates = new Map();
for (const { robot, schema } of robots) {
  for (const [name, parameter] of Object.entries(schema.properties)) {
    const key = `${name}\n${canonical(parameter)}`;
    if (!parameter.$ref && JSON.stringify(parameter).length >= SHARED_MIN_CHARS) candidates.set(key, [...(candidates.get(key) ?? []), robot]);
  }
}
const generatedDefs = new Map();
for (const [key, users] of [...candidates].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (users.length < SHARED_MIN_ROBOTS) continue;
  const name = key.slice(0, key.indexOf('\n'));
  if (generatedDefs.has(name) || curatedDefs.has(name)) throw new Error(`two shared definitions would be named '${name}'`);
  const parameter = robots.find((r) => r.robot === users[0]).schema.properties[name];
  // Inside robot-shared.schema.json its own definitions are "#/$defs/...".
  const local = JSON.parse(JSON.stringify(parameter).replaceAll(JSON.stringify(SHARED).slice(1, -1), '#/$defs/'));
  generatedDefs.set(name, orderKeys({ ...local, 'x-imagesdk-source': { package: packageName, version, robots: users } }));
  for (const { schema } of robots.filter((r) => users.includes(r.robot))) schema.properties[name] = { $ref: SHARED + name };
}
for (const name of defNames(sharedText)) {
  if (!curatedDefs.has(name) && !generatedDefs.has(name)) sharedText = removeDef(sharedText, name);
}
for (const [name, def] of generatedDefs) sharedText = setDef(sharedText, name, def);
writeFileSync(sharedFile, sharedText);

// Robot schema files: generated ones are rewritten or, for a robot that left the union, removed; curated ones are kept.
mkdirSync(robotSchemaDir, { recursive: true });
const written = new Set();
const manifest = { $comment: '', source: { package: packageName, version }, robots: {} };
for (const { robot, schema, files } of robots) {
  const file = join(robotSchemaDir, `${slugOf(robot)}.schema.json`);
  const curated = existsSync(file) && !isGenerated(file);
  if (!curated) writeFileSync(file, formatJson(schema));
  written.add(file);
  manifest.robots[robot] = {
    file: `robots/${slugOf(robot)}.schema.json`,
    curated,
    docs: docsOf(robot),
    parameters: Object.keys(schema.properties),
    required: schema.required,
    ...(files ? { filesWithoutUse: files } : {}),
  };
}
for (const name of readdirSync(robotSchemaDir)) {
  const file = join(robotSchemaDir, name);
  if (name.endsWith('.schema.json') && !written.has(file) && isGenerated(file)) rmSync(file);
}
// The definition files of robots outside the linter's union (hidden or internal robots): the linter rejects them as
// undefined-robot, so they get no schema, and the manifest names them.
const inUnion = new Set(robots.map((r) => r.robot));
const outside = new Set();
for (const file of readdirSync(robotsDist).filter((f) => f.endsWith('.js') && !f.startsWith('_'))) {
  for (const value of Object.values(await load(file))) {
    const literal = value?._def?.typeName === 'ZodObject' ? value._def.shape().robot?._def?.value : undefined;
    if (typeof literal === 'string' && !inUnion.has(literal)) outside.add(literal);
  }
}
manifest.notImported = Object.fromEntries([...outside].sort().map((r) => [r, 'outside the linter\'s robot union: it rejects the robot (undefined-robot)']));
manifest.$comment =
  'Generated by tools/robot-import: the robots of the union that Transloadit\'s linter checks, with their parameters as the package defines them (for a curated schema, what it must take at least). Tests hold schema/ to this file.';
writeFileSync(join(schemaDir, 'robots.manifest.json'), formatJson(manifest));

// The envelope's robots list: $defs/transloaditStep of assembly.schema.json, spliced in so the curated text around it stays.
const assemblyFile = join(schemaDir, 'assembly.schema.json');
const step = {
  $comment: 'Generated by tools/robot-import: a step of any robot of Transloadit\'s linter union. Do not edit: rerun the tool.',
  type: 'object',
  properties: { robot: { enum: robots.map((r) => r.robot) } },
  required: ['robot'],
  allOf: robots.map(({ robot }) => ({
    if: { properties: { robot: { const: robot } }, required: ['robot'] },
    then: { $ref: `robots/${slugOf(robot)}.schema.json` },
  })),
};
writeFileSync(assemblyFile, setDef(readFileSync(assemblyFile, 'utf8'), 'transloaditStep', step));

// Each robot's documented example: an assembly of its own, for the validation corpus.
mkdirSync(examplesDir, { recursive: true });
const examples = new Set();
for (const { robot, meta } of robots) {
  if (!meta?.example_code) continue;
  const name = `${slugOf(robot)}.json`;
  writeFileSync(join(examplesDir, name), formatJson(meta.example_code));
  examples.add(name);
}
for (const name of readdirSync(examplesDir)) {
  if (name.endsWith('.json') && !examples.has(name)) rmSync(join(examplesDir, name));
}

console.log(`${packageName} ${version}: ${robots.length} robots, ${robots.filter((r) => manifest.robots[r.robot].curated).length} curated kept, ${examples.size} examples`);
