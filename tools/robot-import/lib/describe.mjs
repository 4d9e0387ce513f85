// Short descriptions written from a normalized schema's facts (types, ranges, enums, forms, defaults), never from
// Transloadit's prose. Markers (normalize.mjs) still stand for the shared forms when this runs.
import { BOOLEAN_STRING, isMarker } from './normalize.mjs';
import { FULL, PARTIAL } from './convert.mjs';

const MAX_LISTED = 8;

/**
 * One sentence (or two, with the default) for a parameter's schema; after the sentence of what the parameter is for
 * (meanings.json), where there is one.
 */
export function describe(schema, meaning) {
  let text = (meaning ? meaning + ' ' : '') + capitalize(phrase(schema, 0)) + '.';
  if (schema['x-imagesdk-check'] === 'page-range') text += ' The start is at least 1 and the end at least the start.';
  if ('default' in schema) {
    const json = JSON.stringify(schema.default);
    text += json.length <= 60 ? ` Default: ${json}.` : ' Has a default.';
  }
  if (schema.deprecated) text += ' Deprecated.';
  return text;
}

function phrase(node, depth) {
  if (node === true || (node && typeof node === 'object' && Object.keys(node).filter((k) => !['default', 'deprecated'].includes(k)).length === 0)) {
    return 'any JSON value';
  }
  if (isMarker(node, FULL)) return 'a whole ${...} variable';
  if (isMarker(node, PARTIAL)) return 'text with a ${...} variable in it';
  if (isMarker(node, BOOLEAN_STRING)) return 'the strings "true" and "false"';
  if (node.not) return 'no value';
  if (node.anyOf) return list([...new Set(node.anyOf.map((b) => phrase(b, depth + 1)))], 'or'); // each form once
  if (node.enum) return enumPhrase(node.enum);
  switch (node.type) {
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'integer':
    case 'number':
      return (node.type === 'integer' ? 'an integer' : 'a number') + range(node.minimum, node.maximum, node.exclusiveMinimum, node.exclusiveMaximum);
    case 'string':
      return stringPhrase(node);
    case 'array':
      return arrayPhrase(node, depth);
    case 'object':
      return objectPhrase(node, depth);
    default:
      throw new Error(`no phrase for ${JSON.stringify(node).slice(0, 100)}`);
  }
}

function enumPhrase(values) {
  // Commas only inside the list, so that the "or" of the surrounding forms reads as one.
  const shown = values.slice(0, values.length > MAX_LISTED ? MAX_LISTED - 2 : MAX_LISTED).map((v) => JSON.stringify(v));
  if (values.length === 1) return `the value ${shown[0]}`;
  if (shown.length < values.length) return `one of ${shown.join(', ')} and ${values.length - shown.length} more`;
  return `one of ${shown.join(', ')}`;
}

function stringPhrase(node) {
  if (node['x-imagesdk-number-string'] === 'parse-int') return 'that integer as a string';
  if (node['x-imagesdk-ignore-case']) return 'those values in any letter case';
  if (node.pattern === '^\\d+(\\.\\d+)?$') return 'a number as a string';
  const parts = [];
  const unit = node['x-imagesdk-length'] === 'utf-16' ? 'UTF-16 code units' : 'characters';
  if (node.format === 'uri') parts.push('a URL');
  else if (node.minLength === 1 && node.maxLength === undefined) parts.push('a non-empty string');
  else parts.push('a string');
  if (node.minLength !== undefined && node.maxLength !== undefined) parts.push(`of ${node.minLength} to ${node.maxLength} ${unit}`);
  else if (node.maxLength !== undefined) parts.push(`of at most ${node.maxLength} ${unit}`);
  else if (node.minLength > 1) parts.push(`of at least ${node.minLength} characters`);
  if (node.pattern && !node['x-imagesdk-length']) parts.push(node.pattern.length <= 40 ? `matching ${node.pattern}` : 'matching a pattern');
  return parts.join(' ');
}

function arrayPhrase(node, depth) {
  let count = '';
  if (node.minItems !== undefined && node.minItems === node.maxItems) count = ` of ${node.minItems} items`;
  else if (node.minItems !== undefined && node.maxItems !== undefined) count = ` of ${node.minItems} to ${node.maxItems} items`;
  else if (node.maxItems !== undefined) count = ` of at most ${node.maxItems} items`;
  else if (node.minItems > 0) count = ` of at least ${node.minItems} items`;
  if (node.prefixItems) return `an array${count}`;
  if (depth > 1 || !node.items) return `an array${count}`;
  return `an array${count} (each item: ${phrase(node.items, depth + 1)})`;
}

function objectPhrase(node, depth) {
  const names = Object.keys(node.properties ?? {});
  const values = node.additionalProperties && typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (names.length === 0) {
    if (values && depth <= 1) return `an object of names to values, each ${phrase(values, depth + 1)}`;
    return 'an object';
  }
  // A key with one allowed value names it (role "user"), so the forms of a union of objects read apart.
  const named = names.map((name) => {
    const only = fixedValue(node.properties[name]);
    return only === undefined ? name : `${name} ${JSON.stringify(only)}`;
  });
  const keys = names.length <= MAX_LISTED ? `the keys ${list(named, 'and')}` : `${names.length} keys`;
  return `an object with ${keys}${node.additionalProperties === false ? '' : ' (and others)'}`;
}

/** The one value a key allows (a const, or an enum of one), if it allows exactly one. */
function fixedValue(schema) {
  if (!schema || typeof schema !== 'object') return undefined;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
  return undefined;
}

function range(min, max, exclusiveMin, exclusiveMax) {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  const parts = [];
  if (min !== undefined) parts.push(`at least ${min}`);
  if (exclusiveMin !== undefined) parts.push(`above ${exclusiveMin}`);
  if (max !== undefined) parts.push(`at most ${max}`);
  if (exclusiveMax !== undefined) parts.push(`below ${exclusiveMax}`);
  return parts.length ? ', ' + parts.join(' and ') : '';
}

function list(items, word) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);
