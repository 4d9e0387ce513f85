// Stable JSON text for the generated files: two-space indent, a value on one line where it fits in 120 columns, and long
// arrays of plain values packed, close to how the curated schema files are written. The same input gives the same text.
const WIDTH = 120;

/** Keyword order in schema objects; other keys follow in order of appearance (property names keep theirs). */
const ORDER = [
  '$schema', '$id', '$ref', 'title', 'description', '$comment', 'deprecated',
  'x-imagesdk-kind', 'x-imagesdk-source', 'x-imagesdk-docs', 'x-imagesdk-category', 'x-imagesdk-stage', 'x-imagesdk-smart-cdn', 'x-imagesdk-uses-tools', 'x-imagesdk-files-without-use',
  'type', 'enum', 'const', 'anyOf', 'if', 'then', 'prefixItems', 'items', 'minItems', 'maxItems', 'properties', 'additionalProperties', 'propertyNames',
  'required', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'not',
  'allOf', 'default',
];
const SCHEMA_KEYS = new Set(ORDER);

export function orderKeys(node, isPropertyMap = false) {
  if (Array.isArray(node)) return node.map((n) => orderKeys(n));
  if (!node || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  const sorted = isPropertyMap
    ? keys
    : [...keys].sort((a, b) => position(a) - position(b) || (SCHEMA_KEYS.has(a) ? 0 : keys.indexOf(a) - keys.indexOf(b)));
  const result = {};
  for (const key of sorted) {
    const mapOfSchemas = !isPropertyMap && (key === 'properties' || key === '$defs');
    result[key] = !isPropertyMap && ['default', 'enum', 'examples', 'const'].includes(key) ? node[key] : orderKeys(node[key], mapOfSchemas);
  }
  return result;
}

function position(key) {
  const index = ORDER.indexOf(key);
  return index < 0 ? ORDER.length : index;
}

export function formatJson(value) {
  return print(value, 0, 0) + '\n';
}

function print(value, indent, used) {
  const inline = flat(value);
  if (indent + used + inline.length <= WIDTH) return inline;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return packed(value, indent);
    return `[\n${value.map((v) => pad + print(v, indent + 2, 0)).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return pad + key + print(v, indent + 2, key.length);
    }).join(',\n')}\n${' '.repeat(indent)}}`;
  }
  return JSON.stringify(value);
}

/** An array of plain values, as many on a line as fit. */
function packed(values, indent) {
  const pad = ' '.repeat(indent + 2);
  const lines = [];
  let line = '';
  for (const text of values.map((v) => JSON.stringify(v) + ',')) {
    if (line && pad.length + line.length + 1 + text.length > WIDTH) {
      lines.push(line);
      line = text;
    } else {
      line = line ? `${line} ${text}` : text;
    }
  }
  lines.push(line.slice(0, -1));
  return `[\n${lines.map((l) => pad + l).join('\n')}\n${' '.repeat(indent)}]`;
}

/** The one-line text of a value. */
function flat(value) {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}
