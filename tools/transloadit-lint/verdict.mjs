// Transloadit's own linter (@transloadit/node 4.12.0, lintAssemblyInstructions) as the scripts here record it.
// The package's exports hide the linter, so it is imported by file path.
import { lintAssemblyInstructions } from './node_modules/@transloadit/node/dist/lintAssemblyInstructions.js';

export const linterName = '@transloadit/node 4.12.0 lintAssemblyInstructions';

/**
 * The linter's verdict on assembly text: success, its error and warning codes, and where its schema violations are: each
 * as a JSON Pointer (its message names a dotted path) and whether the value there is missing (the message says so, or
 * the document has no value there).
 */
export async function verdictOf(text) {
  try {
    const result = await lintAssemblyInstructions({ assemblyInstructions: text });
    const errors = [...new Set(result.issues.filter((i) => i.type === 'error').map((i) => i.code))].sort();
    const warnings = [...new Set(result.issues.filter((i) => i.type === 'warning').map((i) => i.code))].sort();
    const root = parsed(text);
    const violations = new Map();
    for (const issue of result.issues.filter((i) => i.type === 'error')) {
      const match = /Path `([^`]*)`/.exec(issue.message ?? '');
      if (match) {
        const pointer = match[1] === '' ? '' : '/' + match[1].split('.').map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
        // Missing: the message says so, or no value stands at the pointer (a union's "Invalid input" for an absent url).
        const missing = issue.message.includes('got invalid type: missing') || (root !== undefined && !exists(root, pointer));
        violations.set(pointer, (violations.get(pointer) ?? false) || missing);
      }
    }
    const paths = [...violations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([pointer, missing]) => ({ pointer, missing }));
    return { success: result.success, errors, warnings, paths };
  } catch (error) {
    // The linter throws on input it cannot take at all (e.g. empty text, a robot that is not a string): that is a rejection.
    return { success: false, errors: ['exception'], warnings: [], paths: [], exception: String(error?.message ?? error).split('\n')[0] };
  }
}

function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a value stands at the JSON Pointer in the document, as JSON.parse reads it (a repeated key: its last value). */
function exists(root, pointer) {
  let node = root;
  for (const segment of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = node[key];
  }
  return true;
}
