// Writes the probe assemblies of the third and fourth audits of issue 26 into a folder, for compare.mjs to set the linter's
// verdicts beside ImageSdk's. Deterministic: the same files each run. Tests never run it; the forms it found are in the
// corpus and in tests/ImageSdk.Tests/Validation/ThirdAuditTests.cs and FourthAuditTests.cs.
//
//   node probe-forms.mjs OUT             # OUT/shapes, OUT/leaves, OUT/duplicates, OUT/shared, OUT/escapes, OUT/smartcdn, OUT/schema
//   node probe-forms.mjs OUT FILE...     # only these corpus files as sources (and the robot examples)
//   node compare.mjs OUT/leaves          # and so on, one folder at a time
//
// shapes:     each distinct parameter schema of schema/robots (one robot's example step), set to interpolation forms
//             (${...} with a line terminator, NEL or text around it, ${}, unterminated, \u0024{ escapes), number texts
//             (-0, 1e400, 1e-400, 1.0e2, 12345678901234567890) and number strings (Arabic-Indic, fullwidth and Persian
//             digits, " 12", "+12", "12.", ".5", "1e3", "0x10", "12\n", "-0", "12.0", ...) and dialect forms of a good
//             value (a final \n or U+2028, upper case, s as U+017F, k as the Kelvin sign, i as dotless i, other digits).
// leaves:     every leaf of every robot example and linter-accepted corpus assembly set to those forms, and every key
//             renamed (upper case, a trailing space, U+017F, the Kelvin sign, - for _).
// duplicates: every key of every object repeated before (bad first, good last) and after (good first, bad last) with a
//             bad value, and each step repeated with the other steps' bodies.
// shared:     every robot with the shared parameters (result, queue, force_accept, ignore_errors, output_meta,
//             imagemagick_stack, ffmpeg_stack, use, interpolate) in their valid and invalid forms.
// escapes:    every corpus assembly re-written with every string escaped (\uXXXX, upper-case hex, PHP's \/ and every
//             other character), minified, with CRLF and with tabs.
// smartcdn:   every robot beside a /file/serve step, and Smart CDN assemblies of 18 to 22 steps (the linter's own meta
//             lookup refuses /tigris/import and /tigris/store: docs/diagnostics.md).
// schema:     (the fourth audit) every step of every source, each of its robot's parameters set by its schema to the
//             values at and past its bounds (minimum, maximum, exclusive ones, a fraction for an integer, lengths), to a
//             value of every other JSON type, and its enum values with typos (a letter dropped or two swapped, upper case,
//             - for _ and back, a trailing space); each present parameter and the robot misspelt; use to a missing step,
//             to itself and to every other step in each of its forms ({steps, bundle_steps, group_by_original, fields}
//             too); and a /file/serve step added (Smart CDN).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const out = resolve(process.argv[2] ?? 'probes');
const read = (path) => JSON.parse(readFileSync(join(repo, path), 'utf8'));

// The robot examples, made valid where the linter rejects them (no input, an ffmpeg_stack the linter's check refuses).
const examples = readdirSync(join(repo, 'samples/assemblies/robots')).filter((f) => f.endsWith('.json')).sort().map((f) => {
  const doc = read('samples/assemblies/robots/' + f);
  for (const step of Object.values(doc.steps)) {
    if (['/ai/chat', '/edgly/deliver', '/tlcdn/deliver', '/video/generate'].includes(step.robot) && !step.use) step.use = ':original';
    if (step.robot === '/video/ondemand') for (const v of Object.values(step.variants ?? {})) delete v.ffmpeg_stack;
  }
  return { from: 'robots/' + f, doc };
});
const verdicts = read('samples/assemblies.transloadit-lint.json').verdicts;
const only = process.argv.length > 3 ? new Set(process.argv.slice(3).map((f) => f.split('/').at(-1))) : null;
const accepted = readdirSync(join(repo, 'samples/assemblies')).filter((f) => f.endsWith('.json') && verdicts[f]?.success && (only === null || only.has(f))).sort().flatMap((f) => {
  try {
    return [{ from: f, text: readFileSync(join(repo, 'samples/assemblies', f), 'utf8'), doc: read('samples/assemblies/' + f) }];
  } catch {
    return [];
  }
});
const sources = [...examples, ...accepted];

const interpolation = ['${fields.x}', '${fields.x}\n', '${fields.x}\r', '${fields.x}\u2028', '${fields.x}\u2029', '${fields.x}\u0085', '${}', '${fields.x',
  'a${fields.x}', '${fields.x}a', '${a}${b}', '${\n}', ' ${fields.x}', '$ {fields.x}', '$${fields.x}', '${${x}}', '}${x}{',
  'RAW:"\\u0024{fields.x}"', 'RAW:"$\\u007bfields.x\\u007d"', 'RAW:"${fields.x}\\n"', 'RAW:"${fields.x}\\r"'];
const numbers = ['RAW:-0', 'RAW:-0.0', 'RAW:1e400', 'RAW:-1e400', 'RAW:1e-400', 'RAW:1.0e2', 'RAW:1E2', 'RAW:100.0', 'RAW:2.5', 'RAW:0', 'RAW:12345678901234567890',
  '١٠٠', '１２', '۱۲', ' 12', '12 ', '+12', '12.', '.5', '1e3', '0x10', '12\n', '-0', '0', '012', '12.0', '12.50', '1.0e2', '12\u2028', '\u00a012',
  '1_000', 'Infinity', 'NaN', '0.0', '00', '2.5', '12\r', '\uFEFF12', '12\u0085'];
function dialect(value) {
  const digits = (s, zero) => s.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));
  const forms = [value + '\n', value + '\r\n', value + '\u2028', ' ' + value, value + ' ', value.toUpperCase(), value.toLowerCase(),
    value.replace(/s/g, '\u017f'), value.replace(/k/gi, '\u212a'), value.replace(/i/g, '\u0131'), value.replace(/I/g, '\u0130')];
  if (/[0-9]/.test(value)) forms.push(digits(value, 0x660), digits(value, 0xff10), digits(value, 0x6f0));
  return [...new Set(forms)].filter((form) => form !== value);
}
const isNumber = (value) => typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value));

let written = 0;
const seen = new Set();
function emit(family, text) {
  if (seen.has(text)) return;
  seen.add(text);
  mkdirSync(join(out, family), { recursive: true });
  writeFileSync(join(out, family, `${family}-${String(written++).padStart(6, '0')}.json`), text);
}
// Sets the value at path (a RAW: value is spliced in as JSON text).
function withValue(doc, path, value) {
  const copy = structuredClone(doc);
  const parent = path.slice(0, -1).reduce((node, key) => node[key], copy);
  const raw = typeof value === 'string' && value.startsWith('RAW:');
  parent[path.at(-1)] = raw ? '@@RAW@@' : value;
  const text = JSON.stringify(copy, null, 2);
  return raw ? text.replace('"@@RAW@@"', value.slice(4)) : text;
}
function* leaves(value, path = []) {
  if (Array.isArray(value)) {
    if (value.length === 0) yield [path, value];
    for (let i = 0; i < value.length; i++) yield* leaves(value[i], [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) yield* leaves(value[key], [...path, key]);
  } else yield [path, value];
}
function* objects(value, path = []) {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* objects(value[i], [...path, i]);
  else if (value && typeof value === 'object') {
    yield [path, value];
    for (const key of Object.keys(value)) yield* objects(value[key], [...path, key]);
  }
}

// shapes
const shared = read('schema/robot-shared.schema.json');
const byRobot = Object.fromEntries(examples.flatMap(({ doc }) => Object.entries(doc.steps).map(([name, step]) => [step.robot, { doc, name }])));
const shapes = new Map();
for (const file of readdirSync(join(repo, 'schema/robots')).sort()) {
  const schema = read('schema/robots/' + file);
  for (const [parameter, form] of Object.entries(schema.properties)) {
    if (parameter === 'robot' || parameter === 'use') continue;
    const key = JSON.stringify(form, (k, v) => (k === 'description' || k === 'default' || k === 'examples' ? undefined : v));
    if (!shapes.has(key)) shapes.set(key, { robot: schema.properties.robot.const, parameter, form });
  }
}
for (const { robot, parameter, form } of shapes.values()) {
  const example = byRobot[robot];
  if (!example) continue;
  const documented = example.doc.steps[example.name][parameter];
  const branches = (form.anyOf ?? [form]).map((b) => (b.$ref?.startsWith('../robot-shared') ? shared.$defs[b.$ref.split('/').at(-1)] : b));
  const good = [documented, form.default, ...branches.flatMap((b) => [...(b.enum ?? []), ...(b.examples ?? [])])].find((v) => typeof v === 'string' && v !== '');
  const numeric = JSON.stringify(form).includes('"integer"') || JSON.stringify(form).includes('"number"');
  for (const value of [...interpolation, ...(numeric ? numbers : []), ...(good ? [good, ...dialect(good)] : [])]) {
    emit('shapes', withValue(example.doc, ['steps', example.name, parameter], value));
  }
}

// leaves and keys
for (const { doc } of sources) {
  for (const [path, value] of leaves(doc)) {
    if (path.length === 0 || path.at(-1) === 'robot') continue;
    for (const form of [...interpolation, ...(isNumber(value) ? numbers : []), ...(typeof value === 'string' ? dialect(value) : [])]) {
      emit('leaves', withValue(doc, path, form));
    }
  }
  for (const [path, object] of objects(doc)) {
    if (path.length === 1 && path[0] === 'steps') continue; // renamed steps break their uses: elsewhere
    for (const key of Object.keys(object)) {
      for (const renamed of [key.toUpperCase(), key + ' ', key.replace(/s/g, '\u017f'), key.replace(/k/g, '\u212a'), key.replace(/_/g, '-')]) {
        if (renamed === key) continue;
        const copy = structuredClone(doc);
        const target = path.reduce((node, k) => node[k], copy);
        const entries = Object.entries(target).map(([k, v]) => [k === key ? renamed : k, v]);
        for (const k of Object.keys(target)) delete target[k];
        for (const [k, v] of entries) target[k] = v;
        emit('leaves', JSON.stringify(copy, null, 2));
      }
    }
  }
}

// duplicates: written by hand, as JSON.stringify cannot repeat a key
function write(value, path, at, key, raw, before, indent = '') {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : '[\n' + value.map((v, i) => inner + write(v, [...path, i], at, key, raw, before, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (value && typeof value === 'object') {
    const here = JSON.stringify(path) === JSON.stringify(at);
    const parts = [];
    for (const k of Object.keys(value)) {
      if (here && k === key && before) parts.push(inner + JSON.stringify(k) + ': ' + raw);
      parts.push(inner + JSON.stringify(k) + ': ' + write(value[k], [...path, k], at, key, raw, before, inner));
      if (here && k === key && !before) parts.push(inner + JSON.stringify(k) + ': ' + raw);
    }
    return parts.length === 0 ? '{}' : '{\n' + parts.join(',\n') + '\n' + indent + '}';
  }
  return JSON.stringify(value);
}
const bad = ['-7.5', '[{"q": 1}]', '"${fields.x}\\n"', 'null', '{"zz": "@"}', '"\\u212a"'];
for (const { doc } of sources) {
  for (const [path, object] of objects(doc)) {
    for (const key of Object.keys(object)) {
      const steps = path.length === 1 && path[0] === 'steps' ? Object.keys(object).filter((k) => k !== key).map((k) => JSON.stringify(object[k])) : [];
      for (const raw of [...bad, ...steps]) for (const before of [true, false]) emit('duplicates', write(doc, [], path, key, raw, before) + '\n');
    }
  }
}

// shared parameters, per robot
const sharedForms = {
  result: [true, false, 'debug', 'true', '${fields.x}', 'DEBUG', 'debug\n', 'false', 0, null, ''],
  queue: ['batch', 'BATCH', 'batch\n', '${fields.x}', 'normal', '', null, 'live'],
  force_accept: [true, 'true', 'yes', 1, '${fields.x}', 'TRUE', null],
  ignore_errors: [true, false, ['meta'], ['execute'], 'meta', ['meta', 'execute'], ['META'], [], 'true', ['${fields.x}'], '${fields.x}', ['meta', 'meta'], 'execute', ['import']],
  output_meta: [true, false, { has_transparency: true }, { colors: 'true' }, ['has_transparency'], {}, [], 'true', { x: 1 }, { '${fields.x}': true }, '${fields.x}', { colors: '${fields.x}' }, ['${fields.x}']],
  imagemagick_stack: ['v3', 'v2', 'v3.0.1', 'v4', '3\n', 'V3', '٣'],
  ffmpeg_stack: ['v6', 'v5.0', 'v9', '6', 'v6.0.0.0', 'V6', 'v6\n', '${fields.x}'],
  use: [':original', [':original'], { steps: [':original'] }, ''],
  interpolate: [false, true, { prompt: false }, 'false', { x: 'false' }, [], '${fields.x}', { x: true }],
};
for (const { doc } of examples) {
  const [name] = Object.entries(doc.steps).find(([, step]) => step.robot !== '/upload/handle') ?? Object.entries(doc.steps)[0];
  for (const [parameter, forms] of Object.entries(sharedForms)) for (const form of forms) emit('shared', withValue(doc, ['steps', name, parameter], form));
}

// escapes and white space
const hex = (c) => c.charCodeAt(0).toString(16).padStart(4, '0');
const styles = [
  (s) => '"' + s.split('').map((c) => '\\u' + hex(c)).join('') + '"',
  (s) => '"' + s.split('').map((c) => '\\u' + hex(c).toUpperCase()).join('') + '"',
  (s) => JSON.stringify(s).replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, (c) => '\\u' + hex(c)),
  (s) => '"' + s.split('').map((c, i) => (i % 2 ? '\\u' + hex(c) : JSON.stringify(c).slice(1, -1))).join('') + '"',
];
function escaped(v, style, ws) {
  if (Array.isArray(v)) return '[' + v.map((x) => escaped(x, style, ws)).join(',' + ws) + ']';
  if (v && typeof v === 'object') return '{' + ws + Object.entries(v).map(([k, x]) => style(k) + ':' + (ws ? ' ' : '') + escaped(x, style, ws)).join(',' + ws) + ws + '}';
  return typeof v === 'string' ? style(v) : JSON.stringify(v);
}
for (const { doc } of sources) for (const style of styles) for (const ws of ['', '\r\n', '\n\t']) emit('escapes', escaped(doc, style, ws));

// Smart CDN: every robot beside a /file/serve step that uses it (and beside two of them), and 18 to 22 steps
for (const { doc } of examples) {
  const last = Object.keys(doc.steps).at(-1);
  emit('smartcdn', JSON.stringify({ ...doc, steps: { ...doc.steps, served: { robot: '/file/serve', use: last } } }, null, 2));
  emit('smartcdn', JSON.stringify({ ...doc, steps: { ...doc.steps, served: { robot: '/file/serve', use: [last, ':original'] }, again: { robot: '/file/serve' } } }, null, 2));
}
for (let count = 18; count <= 22; count++) {
  const steps = { imported: { robot: '/http/import', url: 'https://example.com/a.jpg' } };
  for (let i = 0; i < count - 2; i++) steps['r' + i] = { robot: '/image/resize', use: 'imported', width: 10 + i };
  emit('smartcdn', JSON.stringify({ steps: { ...steps, served: { robot: '/file/serve', use: 'imported' } } }, null, 2));
}

// schema: values by each parameter's own schema, misspelt names, use in every form, Smart CDN
const robotSchemas = Object.fromEntries(readdirSync(join(repo, 'schema/robots')).map((f) => read('schema/robots/' + f)).map((s) => [s.properties.robot.const, s]));
const deref = (form) => (form.$ref?.startsWith('../robot-shared') ? shared.$defs[form.$ref.split('/').at(-1)] : form);
const branchesOf = (form) => {
  const top = deref(form);
  return (top.anyOf ?? top.oneOf ?? [top]).map(deref).flatMap((b) => (b.anyOf ? b.anyOf.map(deref) : [b]));
};
const typos = (text) => {
  const forms = [text.slice(0, -1), text.toUpperCase(), text + ' ', text.replace(/_/g, '-'), text.replace(/-/g, '_')];
  if (text.length > 2) forms.push(text[1] + text[0] + text.slice(2), text.slice(0, 1) + text.slice(2));
  return [...new Set(forms)].filter((f) => f !== text && f !== '');
};
function valuesFor(form) {
  const values = ['RAW:true', 'RAW:null', 'RAW:[]', 'RAW:{}', 'RAW:7', 'RAW:-1', 'RAW:0.5', 'x', '', 'RAW:[1]', 'RAW:{"a": 1}'];
  for (const b of branchesOf(form)) {
    if (b.type === 'integer' || b.type === 'number') {
      for (const bound of [b.minimum, b.maximum, b.exclusiveMinimum, b.exclusiveMaximum].filter((x) => x !== undefined)) {
        values.push(`RAW:${bound}`, `RAW:${bound - 1}`, `RAW:${bound + 1}`, `RAW:${bound - 0.5}`, `RAW:${bound + 0.5}`, String(bound), String(bound + 1));
      }
      if (b.type === 'integer') values.push('RAW:2.5', 'RAW:3.0', 'RAW:1e2');
    }
    if (b.type === 'string') {
      if (b.maxLength !== undefined) values.push('a'.repeat(b.maxLength), 'a'.repeat(b.maxLength + 1), '\u{1F600}'.repeat(Math.ceil((b.maxLength + 1) / 2)));
      if (b.minLength !== undefined && b.minLength > 0) values.push('a'.repeat(b.minLength - 1), 'a'.repeat(b.minLength));
    }
    for (const v of b.enum ?? []) {
      if (typeof v === 'string') values.push(v, ...typos(v), 'RAW:' + JSON.stringify([v]));
      else values.push(`RAW:${v}`, String(v), `RAW:${v + 1}`);
    }
    if (b.type === 'array') {
      const items = deref(b.items ?? {});
      for (const v of [...(items.enum ?? []), ...(items.anyOf ?? []).flatMap((i) => deref(i).enum ?? [])].slice(0, 4)) {
        if (typeof v === 'string') values.push('RAW:' + JSON.stringify([v]), ...typos(v).map((t) => 'RAW:' + JSON.stringify([v, t])));
      }
    }
  }
  return [...new Set(values)];
}
const misspelt = (name) => [...new Set([name.slice(0, -1), name + 's', name.length > 2 ? name.slice(0, 1) + name.slice(2) : name, name.replace(/_/g, '')])].filter((n) => n !== name && n !== '');
function renamed(doc, path, from, to) {
  const copy = structuredClone(doc);
  const target = path.reduce((node, k) => node[k], copy);
  const entries = Object.entries(target).map(([k, v]) => [k === from ? to : k, v]);
  for (const k of Object.keys(target)) delete target[k];
  for (const [k, v] of entries) target[k] = v;
  return JSON.stringify(copy, null, 2);
}
for (const { doc } of sources) {
  if (!doc?.steps || typeof doc.steps !== 'object') continue;
  const names = Object.keys(doc.steps);
  for (const [name, step] of Object.entries(doc.steps)) {
    const schema = robotSchemas[step?.robot];
    if (!schema) continue;
    for (const [parameter, form] of Object.entries(schema.properties)) {
      if (parameter === 'robot' || parameter === 'use') continue;
      for (const value of valuesFor(form)) emit('schema', withValue(doc, ['steps', name, parameter], value));
    }
    for (const key of Object.keys(step)) for (const wrong of misspelt(key)) emit('schema', renamed(doc, ['steps', name], key, wrong));
    emit('schema', withValue(doc, ['steps', name, 'foo'], 1));
    for (const robot of typos(step.robot)) emit('schema', withValue(doc, ['steps', name, 'robot'], robot));
    const others = names.filter((n) => n !== name);
    for (const target of [name + 'x', name, ...others]) {
      for (const use of [target, [target], [{ name: target }], [{ name: target, as: 'image' }], { steps: [target], bundle_steps: true }, { steps: target }, { steps: [{ name: target }], group_by_original: true, fields: ['file'] }]) {
        emit('schema', withValue(doc, ['steps', name, 'use'], use));
      }
    }
  }
  const last = names.at(-1);
  emit('schema', JSON.stringify({ ...doc, steps: { ...doc.steps, served: { robot: '/file/serve', use: last } } }, null, 2));
}

console.log(`wrote ${written} probe assemblies to ${out}`);
