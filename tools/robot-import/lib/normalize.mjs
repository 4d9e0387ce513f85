// Raw zod-to-json-schema output to the conventions of schema/: no prose, flat anyOf unions with the value forms first and
// the interpolation forms last, enums without "type", tuples as prefixItems, and markers for the shared forms (resolved to
// $refs into robot-shared.schema.json by toSharedRefs).
import { FULL, PARTIAL } from './convert.mjs';

export const BOOLEAN_STRING = 'imagesdk:boolean-string';
export const SHARED = '../robot-shared.schema.json#/$defs/';
const MARKER_REFS = { [FULL]: 'interpolation', [PARTIAL]: 'interpolationPartial', [BOOLEAN_STRING]: 'booleanString' };

/** Deterministic JSON text with sorted keys: the identity of a schema. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isMarker = (node, marker) => node && typeof node === 'object' && node.$ref === marker && Object.keys(node).length === 1;

/** The normalized schema; a description that starts with "Deprecated" becomes "deprecated": true (the fact, not the text). */
export function normalize(node) {
  if (typeof node === 'boolean' || node === null || typeof node !== 'object') return node;
  const result = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'description':
        if (/^\s*deprecated\b/i.test(value)) result.deprecated = true;
        break;
      case 'markdownDescription':
      case 'errorMessage':
      case '$schema':
        break;
      case 'properties':
        result.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
        break;
      case 'additionalProperties':
      case 'not':
      case 'propertyNames':
        result[key] = normalize(value);
        break;
      case 'items':
        if (Array.isArray(value)) result.prefixItems = value.map(normalize);
        else result.items = normalize(value);
        break;
      case 'additionalItems':
        break; // tuples: minItems and maxItems already bound the length
      case 'anyOf':
      case 'oneOf':
        result.anyOf = value.map(normalize);
        break;
      default:
        result[key] = value;
    }
  }
  if (Array.isArray(result.type)) splitTypes(result);
  if ('const' in result) {
    result.enum = [result.const];
    delete result.const;
  }
  if (result.enum) {
    delete result.type;
    if (result.enum.length === 2 && result.enum.includes('true') && result.enum.includes('false')) {
      delete result.enum;
      result.$ref = BOOLEAN_STRING;
    }
  }
  if (result.anyOf) return flattenUnion(result);
  return result;
}

const KEYWORDS_OF = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames'],
};

/** {"type": ["string", "null"], "maxLength": 3} -> {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]} */
function splitTypes(node) {
  if (node.enum) return; // the values say it
  const types = node.type;
  delete node.type;
  const branches = types.map((type) => {
    const branch = { type };
    for (const keyword of KEYWORDS_OF[type] ?? []) {
      if (keyword in node) branch[keyword] = node[keyword];
    }
    return branch;
  });
  for (const keyword of Object.values(KEYWORDS_OF).flat()) delete node[keyword];
  node.anyOf = [...branches, ...(node.anyOf ?? [])];
}

const HOISTED = ['default', 'deprecated'];

function flattenUnion(node) {
  const branches = [];
  const visit = (branch) => {
    const keys = Object.keys(branch);
    if (branch.anyOf && keys.every((k) => k === 'anyOf' || HOISTED.includes(k))) {
      for (const k of HOISTED) if (k in branch && !(k in node)) node[k] = branch[k];
      branch.anyOf.forEach(visit);
    } else if (!(branch.not && Object.keys(branch.not).length === 0)) {
      branches.push(branch); // a branch that accepts nothing ({"not": {}}) adds nothing
    }
  };
  node.anyOf.forEach(visit);

  // One enum of the plain enum branches, in order of appearance.
  const merged = [];
  let enumBranch;
  for (const branch of branches) {
    if (branch.enum && Object.keys(branch).length === 1) {
      if (enumBranch) {
        for (const value of branch.enum) if (!enumBranch.enum.some((v) => canonical(v) === canonical(value))) enumBranch.enum.push(value);
        continue;
      }
      enumBranch = { enum: [...branch.enum] };
      merged.push(enumBranch);
    } else {
      merged.push(branch);
    }
  }

  // Without repeats, and without what another branch covers: any string covers both interpolation forms, text with
  // ${...} anywhere covers a whole ${...}, and the empty schema covers everything.
  const seen = new Set();
  let unique = merged.filter((b) => !seen.has(canonical(b)) && seen.add(canonical(b)));
  if (unique.some((b) => Object.keys(b).length === 0)) unique = [{}];
  if (unique.some((b) => canonical(b) === canonical({ type: 'string' }))) {
    // Any string: the narrower string forms add nothing (an enum of strings stays, as the known values).
    unique = unique.filter((b) => !isMarker(b, FULL) && !isMarker(b, PARTIAL) && !isMarker(b, BOOLEAN_STRING) && !(b.type === 'string' && canonical(b) !== canonical({ type: 'string' })));
  }
  if (unique.some((b) => isMarker(b, PARTIAL))) unique = unique.filter((b) => !isMarker(b, FULL));
  unique = unique
    .map((b, i) => ({ b, i }))
    .sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
    .map((x) => x.b);

  delete node.anyOf;
  if (unique.length === 0) return { ...node, not: {} };
  if (unique.length === 1) return { ...node, ...unique[0] };
  return { ...node, anyOf: unique };
}

/** Value forms first, then the string forms of numbers and booleans, then ${...} anywhere, then a whole ${...}. */
function rank(branch) {
  if (isMarker(branch, FULL)) return 3;
  if (isMarker(branch, PARTIAL)) return 2;
  if (isMarker(branch, BOOLEAN_STRING)) return 1;
  if (branch.type === 'string' && (branch.pattern === '^\\d+(\\.\\d+)?$' || branch['x-imagesdk-number-string'])) return 1;
  return 0;
}

/** The markers as $refs into robot-shared.schema.json. */
export function toSharedRefs(node) {
  if (Array.isArray(node)) return node.map(toSharedRefs);
  if (!node || typeof node !== 'object') return node;
  const result = {};
  for (const [key, value] of Object.entries(node)) {
    result[key] = key === '$ref' && MARKER_REFS[value] ? SHARED + MARKER_REFS[value] : toSharedRefs(value);
  }
  return result;
}

export { isMarker };
