// Counts the schema forms the imported robot schemas use, and which of them the generator's current schema reader
// (src/Sdk.Generators/SchemaReader.cs, as of issue 26 part 1) would read, read with a loss, or reject: the numbers of
// tools/robot-import/README.md. Reads schema/ only; no package needed.
//
//   node tools/robot-import/forms.mjs [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const schemaDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema');
const shared = JSON.parse(readFileSync(join(schemaDir, 'robot-shared.schema.json'), 'utf8'));
const robots = readdirSync(join(schemaDir, 'robots'))
  .filter((f) => f.endsWith('.schema.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(schemaDir, 'robots', f), 'utf8')))
  .filter((s) => s['x-imagesdk-source']);

const count = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const deref = (node) => {
  if (node?.$ref?.includes('robot-shared.schema.json#/$defs/')) return shared.$defs[node.$ref.split('/').pop()];
  if (node?.$ref?.startsWith('#/$defs/')) return shared.$defs[node.$ref.split('/').pop()];
  return node;
};
const sharedName = (node) => node?.$ref?.split('/').pop();

// ---- the constructs, counted over every node of every imported robot schema (shared definitions once) -------------
const constructs = new Map();
function walk(node, inParameter) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => walk(n, inParameter));
  if (node.anyOf) count(constructs, `anyOf union (${node.anyOf.length >= 4 ? '4+' : node.anyOf.length} branches)`);
  if (node.$ref) count(constructs, `$ref ${sharedName(node)}`);
  if (node.enum) {
    count(constructs, 'enum');
    if (node.enum.some((v) => typeof v !== 'string')) count(constructs, 'enum with non-string values (numbers, booleans, null)');
  }
  if (node.type === 'object' && node.properties) {
    count(constructs, node.additionalProperties === false ? 'object with properties, closed' : 'object with properties, open (unknown keys allowed)');
    if (node.required?.length) count(constructs, 'object with required members');
  }
  if (node.type === 'object' && !node.properties) {
    count(constructs, node.additionalProperties && typeof node.additionalProperties === 'object' ? 'record (additionalProperties schema)' : 'object of anything');
  }
  if (node.type === 'array') {
    const items = node.items && (deref(node.items).anyOf ?? [deref(node.items)]);
    if (node.prefixItems) count(constructs, 'tuple (prefixItems)');
    else if (!items) count(constructs, 'array of anything');
    else if (items.some((b) => deref(b)?.type === 'object')) count(constructs, 'array of objects');
    else if (items.some((b) => deref(b)?.type === 'array')) count(constructs, 'array of arrays');
    else if (items.length === 1 && items[0].enum) count(constructs, 'array of enum');
    else count(constructs, 'array of scalars');
    if (node.minItems !== undefined || node.maxItems !== undefined) count(constructs, 'minItems / maxItems');
  }
  if (node.type === 'null') count(constructs, 'null branch');
  if (node.type === 'string' && node.pattern) count(constructs, 'string pattern');
  if (node.format) count(constructs, `string format ${node.format}`);
  if (node.maxLength !== undefined) count(constructs, 'maxLength');
  if (node.exclusiveMinimum !== undefined || node.exclusiveMaximum !== undefined) count(constructs, 'exclusiveMinimum / exclusiveMaximum');
  if (node.not) count(constructs, 'never ({"not": {}})');
  if (Object.keys(node).length === 0 || (node.description && Object.keys(node).length === 1)) count(constructs, 'any JSON value ({})');
  if (node.deprecated) count(constructs, 'deprecated');
  for (const key of Object.keys(node).filter((k) => k.startsWith('x-imagesdk-') && !['x-imagesdk-kind', 'x-imagesdk-source', 'x-imagesdk-docs', 'x-imagesdk-category', 'x-imagesdk-stage', 'x-imagesdk-smart-cdn', 'x-imagesdk-uses-tools', 'x-imagesdk-files-without-use'].includes(k))) {
    count(constructs, `${key}: ${node[key]}`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') Object.values(value).forEach((v) => walk(v, true));
    else if (!['enum', 'default', 'x-imagesdk-source', 'required'].includes(key)) walk(value, inParameter);
  }
}
for (const robot of robots) Object.values(robot.properties).forEach((p) => walk(p, true));
for (const [name, def] of Object.entries(shared.$defs)) if (def['x-imagesdk-source']) walk(def, false);

// ---- each top-level parameter as the current reader takes it ----------------------------------------------------
const RESERVED = new Set(['Robot', 'Parameters', 'WriteTo', 'Set', 'Steps', 'Fields', 'Keys', 'ToJson', 'ToUtf8Bytes', 'Step', 'Field',
  'Equals', 'GetHashCode', 'ToString', 'GetType', 'RobotName', 'RequiredStepName']);
const pascal = (value) => {
  let out = '';
  let upper = true;
  for (const c of value) {
    if (/[A-Za-z0-9]/.test(c)) {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    } else upper = true;
  }
  return out.length === 0 || /^[0-9]/.test(out) ? 'Value' + out : out;
};

const verdicts = new Map(); // outcome -> count
const reasons = new Map(); // reason -> count
const examples = new Map(); // reason -> first robot.parameter
function note(map, reason, where) {
  count(map, reason);
  if (!examples.has(reason)) examples.set(reason, where);
}

let parameters = 0;
for (const robot of robots) {
  const methods = new Map();
  for (const [name, schema] of Object.entries(robot.properties)) {
    if (name === 'robot') continue;
    parameters++;
    const where = `${robot.title} ${name}`;
    const rejected = [];
    const lossy = [];
    const method = pascal(name);
    if (RESERVED.has(method) && name !== 'steps' && name !== 'fields') rejected.push('name maps to a member of the builder base type (IMG9004)');
    if (methods.has(method)) rejected.push('two parameters map to one C# method name (IMG9004)');
    methods.set(method, name);

    const node = deref(schema);
    if (node['x-imagesdk-type'] === 'use') {
      // the shared use: read as it is for the curated robots
    } else {
      const branches = (node.anyOf ?? [node]).map(deref);
      const hasNumber = branches.some((b) => b.type === 'integer' || b.type === 'number');
      let enums = 0;
      let patterns = 0;
      for (const branch of branches) {
        const form = branch['x-imagesdk-form'];
        if (form === 'interpolation' || form === 'boolean-string') continue;
        if (form === 'interpolation-partial') lossy.push('${...} anywhere read as a plain string with a pattern');
        if (branch.enum) {
          enums++;
          if (branch.enum.some((v) => typeof v !== 'string')) lossy.push('enum values that are not strings are dropped');
          const members = branch.enum.filter((v) => typeof v === 'string').map(pascal);
          if (new Set(members).size < members.length) rejected.push('enum values map to one C# member (IMG9004)');
          continue;
        }
        switch (branch.type) {
          case 'string':
            if (branch.pattern) patterns++;
            if (hasNumber && !branch.pattern) rejected.push('string beside a number without a pattern (IMG9002)');
            if (branch.maxLength !== undefined || branch.format) lossy.push('maxLength / format not carried');
            break;
          case 'integer':
          case 'number':
            if (branch.exclusiveMinimum !== undefined || branch.exclusiveMaximum !== undefined) lossy.push('exclusive bounds not carried');
            break;
          case 'boolean':
          case 'null':
            break;
          case 'array': {
            const items = branch.items && deref(branch.items);
            const known = items?.enum || (items?.anyOf?.some((b) => b.enum) && items.anyOf.some((b) => b.type === 'string' && !b.enum && !b.pattern));
            const itemTypes = (items?.anyOf ?? [items]).map((b) => (deref(b)?.['x-imagesdk-form'] ? '${...}' : deref(b)?.type ?? (deref(b)?.enum ? 'enum' : 'any')));
            if (!known) {
              rejected.push(branch.prefixItems ? 'tuple (IMG9002)'
                : itemTypes.includes('object') ? 'array of objects (IMG9002)'
                : itemTypes.includes('array') ? 'array of arrays (IMG9002)'
                : `array of ${[...new Set(itemTypes)].sort().join(' | ')} (IMG9002)`);
            }
            else if (branch.minItems !== undefined || branch.maxItems !== undefined) lossy.push('minItems / maxItems not carried');
            break;
          }
          case 'object': {
            const values = branch.additionalProperties && typeof branch.additionalProperties === 'object' ? deref(branch.additionalProperties) : undefined;
            const takesBoolean = values && (values.type === 'boolean' || values.anyOf?.some((b) => deref(b).type === 'boolean'));
            if (!takesBoolean) rejected.push(branch.properties ? 'object with properties (IMG9002; x-imagesdk-type json would take it untyped)' : 'record of other than booleans (IMG9002)');
            break;
          }
          default:
            rejected.push(branch.not ? 'a branch that takes nothing (IMG9002)' : 'any JSON value, no type (IMG9002)');
        }
      }
      if (enums > 1) rejected.push('two enum branches (IMG9004: one enum name, two value lists)');
      if (patterns > 1) lossy.push('several string patterns: the last one wins');
    }
    for (const r of new Set(rejected)) note(reasons, 'rejected: ' + r, where);
    for (const l of new Set(lossy)) note(reasons, 'lossy: ' + l, where);
    count(verdicts, rejected.length ? 'rejected (IMG9xxx)' : lossy.length ? 'read with a loss' : 'read as it is');
  }
}

const sorted = (map) => [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ robots: robots.length, parameters, constructs: Object.fromEntries(sorted(constructs)), verdicts: Object.fromEntries(sorted(verdicts)), reasons: Object.fromEntries(sorted(reasons)) }, null, 2));
} else {
  console.log(`${robots.length} imported robots, ${parameters} parameters (robot not counted)\n\nConstructs (every node; shared definitions once):`);
  for (const [k, v] of sorted(constructs)) console.log(`  ${String(v).padStart(5)}  ${k}`);
  console.log('\nTop-level parameters, as the current SchemaReader would take them:');
  for (const [k, v] of sorted(verdicts)) console.log(`  ${String(v).padStart(5)}  ${k}`);
  console.log('\nWhy (a parameter may have several reasons):');
  for (const [k, v] of sorted(reasons)) console.log(`  ${String(v).padStart(5)}  ${k}   e.g. ${examples.get(k)}`);
}
