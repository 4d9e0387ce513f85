// From one robot's zod definition to raw JSON Schema: zod-to-json-schema, with overrides for the constructs it cannot see
// through (the interpolation customs, the recursive JSON value, instanceof checks, preprocess and refine steps). Every
// effect the overrides do not know stops the import with its path, so that a version bump that adds one is looked at.
import { ignoreOverride, parseDef, zodToJsonSchema } from 'zod-to-json-schema';

/** Markers that normalize.mjs turns into the shared interpolation forms. */
export const FULL = 'imagesdk:interpolation';
export const PARTIAL = 'imagesdk:interpolation-partial';

/**
 * @param {import('zod').ZodTypeAny} schema the robot's interpolatable instructions schema (what the linter checks)
 * @param {object} known the package's own schema objects that the overrides recognise by identity
 */
export function toRawJsonSchema(schema, known) {
  const override = (def, refs) => {
    // By the effect object, which every copy of a schema (.describe, .optional) shares.
    const same = (schema) => def.typeName === 'ZodEffects' && def.effect === schema._def.effect;
    if (same(known.interpolationFull)) return { $ref: FULL };
    if (same(known.interpolationPartial)) return { $ref: PARTIAL };
    if (same(known.complexWidth) || same(known.complexHeight)) return parseIntNumber(def, refs);
    if (same(known.vendorModel)) return { enum: Object.keys(known.modelCapabilities).sort() };
    switch (def.typeName) {
      case 'ZodLazy':
        // The only lazy schema is /ai/chat's JSON value (string, number, boolean, null, arrays and records of itself):
        // every JSON value.
        if (isJsonValue(def.getter())) return {};
        throw new Error(`unknown z.lazy at ${where(refs)}`);
      case 'ZodEffects':
        return effect(def, refs);
      default:
        return ignoreOverride;
    }
  };
  return zodToJsonSchema(schema, {
    $refStrategy: 'none',
    target: 'jsonSchema7', // numeric exclusiveMinimum/Maximum (as 2020-12 has them); tuples are rewritten to prefixItems
    effectStrategy: 'input',
    removeAdditionalStrategy: 'strict', // strip and passthrough objects accept unknown keys; only strict ones reject them
    allowedAdditionalProperties: undefined,
    rejectedAdditionalProperties: false,
    applyRegexFlags: true,
    override,
  });
}

const where = (refs) => refs.currentPath.slice(1).join('/');

function isJsonValue(schema) {
  const options = schema?._def?.options;
  return schema?._def?.typeName === 'ZodUnion' && options.length === 6 &&
    ['ZodString', 'ZodNumber', 'ZodBoolean', 'ZodNull', 'ZodArray', 'ZodRecord'].every((t, i) => options[i]._def.typeName === t);
}

function effect(def, refs) {
  const inner = def.schema;
  switch (def.effect.type) {
    case 'transform':
      return ignoreOverride; // a transform changes the output, not what is accepted: the input schema stands
    case 'preprocess':
      return preprocess(def, refs);
    case 'refinement':
      return refinement(def, refs);
    default:
      throw new Error(`unknown effect '${def.effect.type}' at ${where(refs)}`);
  }

  function preprocess(def, refs) {
    const parseInner = () => parseDef(inner._def, refs, true);
    // /audio/waveform style: 0, 1, "0" and "1" are read as the styles v0 and v1 (older numeric styles).
    const enumValues = unwrap(inner)._def.values;
    const probe = (value) => def.effect.transform(value, { addIssue() {}, path: [] });
    if (Array.isArray(enumValues) && enumValues.includes('v0') && probe(1) === 'v1' && probe('0') === 'v0') {
      const defaultValue = inner._def.typeName === 'ZodDefault' ? inner._def.defaultValue() : undefined;
      return {
        anyOf: [{ enum: enumValues }, { enum: [0, 1, '0', '1'], 'x-imagesdk-legacy': true }],
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
      };
    }
    // /youtube/store category: the text is lower-cased before the enum check, so any letter case is accepted.
    if (Array.isArray(enumValues) && probe('ABC') === 'abc') {
      return {
        anyOf: [{ enum: enumValues }, { type: 'string', pattern: ignoreCasePattern(enumValues), 'x-imagesdk-ignore-case': true }],
      };
    }
    // /ai/chat messages: normalizeMessage rewrites older AI SDK message shapes (mimeType, args, experimental_providerMetadata,
    // media parts) into the current ones before the check. The current shapes stand (stricter: the older ones are not
    // taken) and x-imagesdk-approximate says so.
    if (def.effect.transform.name === 'normalizeMessage') return { ...parseInner(), 'x-imagesdk-approximate': 'older message shapes are not taken' };
    throw new Error(`unknown z.preprocess at ${where(refs)}`);
  }
}

function refinement(def, refs) {
  const inner = def.schema._def;
  // z.instanceof(Uint8Array | ArrayBuffer | URL): no JSON value is one.
  if (inner.typeName === 'ZodAny') return { not: {} };
  if (inner.typeName === 'ZodString') {
    // The check's source is behind zod's wrapper, so it is recognised by what it accepts.
    const accepts = (value) => {
      let issues = 0;
      def.effect.refinement(value, { addIssue: () => issues++, path: [] });
      return issues === 0;
    };
    // /ai/chat custom part kind: a string with a dot in it.
    if (inner.checks.length === 0 && accepts('a.b') && !accepts('ab')) return { type: 'string', pattern: '\\.' };
    // /document/thumbs page_range: "start-end" with start >= 1 and end >= start, which no pattern says; the pattern
    // stands and x-imagesdk-check names the rest.
    if (accepts('1-2') && accepts('3-3') && !accepts('2-1') && !accepts('0-1')) return { ...stringSchema(inner), 'x-imagesdk-check': 'page-range' };
  }
  throw new Error(`unknown refinement at ${where(refs)}`);
}

function stringSchema(def) {
  const result = { type: 'string' };
  for (const check of def.checks) {
    if (check.kind === 'regex') result.pattern = check.regex.source;
    else throw new Error(`unexpected string check ${check.kind} under a refinement`);
  }
  return result;
}

/**
 * complexWidthSchema / complexHeightSchema: a string is read with parseInt (unless it holds an x or starts with ${) and
 * then checked as the integer. Written as the integer and the digit strings of its range; the strings parseInt reads
 * more leniently ("200px", " 42") are left out, which is stricter, and x-imagesdk-number-string records the rule.
 */
function parseIntNumber(def) {
  const number = def.schema._def;
  let minimum;
  let maximum;
  for (const check of number.checks) {
    if (check.kind === 'min') minimum = check.value;
    else if (check.kind === 'max') maximum = check.value;
    else if (check.kind !== 'int') throw new Error(`unexpected number check ${check.kind}`);
  }
  return {
    anyOf: [
      { type: 'integer', minimum, maximum },
      { type: 'string', pattern: digitRangePattern(minimum, maximum), 'x-imagesdk-number-string': 'parse-int' },
    ],
  };
}

/**
 * A pattern for the decimal strings (no sign) of the integers min..max, both at least 1: leading zeros are taken and a
 * fraction of zeros too, as Transloadit reads "01024" and "42.0" (parseInt: 1024 and 42).
 */
export function digitRangePattern(min, max) {
  const parts = [];
  const minDigits = String(min).length;
  const maxDigits = String(max).length;
  for (let digits = minDigits; digits <= maxDigits; digits++) {
    const low = digits === minDigits ? min : 10 ** (digits - 1);
    const high = digits === maxDigits ? max : 10 ** digits - 1;
    parts.push(...rangeOfSameLength(String(low), String(high)));
  }
  return `^0*(?:${parts.join('|')})(?:\\.0+)?$`;
}

function rangeOfSameLength(low, high) {
  if (low === high) return [low];
  if (low.length === 1) return [low === high ? low : `[${low}-${high}]`];
  if (low[0] === high[0]) return rangeOfSameLength(low.slice(1), high.slice(1)).map((r) => low[0] + r);
  const rest = low.length - 1;
  const result = [];
  const lowAll0 = /^0*$/.test(low.slice(1));
  const highAll9 = /^9*$/.test(high.slice(1));
  let first = Number(low[0]);
  let last = Number(high[0]);
  if (!lowAll0) {
    result.push(...rangeOfSameLength(low.slice(1), '9'.repeat(rest)).map((r) => low[0] + r));
    first++;
  }
  if (!highAll9) last--;
  if (first <= last) result.push(`${first === last ? first : `[${first}-${last}]`}\\d{${rest}}`);
  if (!highAll9) result.push(...rangeOfSameLength('0'.repeat(rest), high.slice(1)).map((r) => high[0] + r));
  return result;
}

function ignoreCasePattern(values) {
  const word = (value) =>
    [...value].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return `^(?:${values.map(word).join('|')})$`;
}

function unwrap(schema) {
  let current = schema;
  while (['ZodDefault', 'ZodOptional', 'ZodNullable'].includes(current._def.typeName)) current = current._def.innerType;
  return current;
}
