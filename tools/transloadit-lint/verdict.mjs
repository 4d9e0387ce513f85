// Transloadit's own linter (@transloadit/node 4.12.0, lintAssemblyInstructions) as the scripts here record it.
// The package's exports hide the linter, so it is imported by file path.
import { lintAssemblyInstructions } from './node_modules/@transloadit/node/dist/lintAssemblyInstructions.js';

export const linterName = '@transloadit/node 4.12.0 lintAssemblyInstructions';

/** The linter's verdict on assembly text: success, and its error and warning codes. */
export async function verdictOf(text) {
  try {
    const result = await lintAssemblyInstructions({ assemblyInstructions: text });
    const errors = [...new Set(result.issues.filter((i) => i.type === 'error').map((i) => i.code))].sort();
    const warnings = [...new Set(result.issues.filter((i) => i.type === 'warning').map((i) => i.code))].sort();
    return { success: result.success, errors, warnings };
  } catch (error) {
    // The linter throws on input it cannot take at all (e.g. empty text, a robot that is not a string): that is a rejection.
    return { success: false, errors: ['exception'], warnings: [], exception: String(error?.message ?? error).split('\n')[0] };
  }
}
