// Transloadit's own linter (@transloadit/node 4.12.0, lintAssemblyInstructions) as the scripts here record it.
// The package's exports hide the linter, so it is imported by file path.
import { lintAssemblyInstructions } from './node_modules/@transloadit/node/dist/lintAssemblyInstructions.js';

export const linterName = '@transloadit/node 4.12.0 lintAssemblyInstructions';

/**
 * The linter's verdict on assembly text: success, its error and warning codes, and where its schema violations are: each
 * as a JSON Pointer (its message names a dotted path) and whether the value there is missing.
 */
export async function verdictOf(text) {
  try {
    const result = await lintAssemblyInstructions({ assemblyInstructions: text });
    const errors = [...new Set(result.issues.filter((i) => i.type === 'error').map((i) => i.code))].sort();
    const warnings = [...new Set(result.issues.filter((i) => i.type === 'warning').map((i) => i.code))].sort();
    const violations = new Map();
    for (const issue of result.issues.filter((i) => i.type === 'error')) {
      const match = /Path `([^`]*)`/.exec(issue.message ?? '');
      if (match) {
        const pointer = match[1] === '' ? '' : '/' + match[1].split('.').map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
        violations.set(pointer, (violations.get(pointer) ?? false) || issue.message.includes('got invalid type: missing'));
      }
    }
    const paths = [...violations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([pointer, missing]) => ({ pointer, missing }));
    return { success: result.success, errors, warnings, paths };
  } catch (error) {
    // The linter throws on input it cannot take at all (e.g. empty text, a robot that is not a string): that is a rejection.
    return { success: false, errors: ['exception'], warnings: [], paths: [], exception: String(error?.message ?? error).split('\n')[0] };
  }
}
