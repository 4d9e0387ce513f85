// Compares Transloadit's linter (@transloadit/node 4.12.0) with `imagesdk validate` on assembly files, as the audit of
// issue 26 did: every file the linter rejects must be rejected by ImageSdk at each place the linter names (the same JSON
// Pointer, or deeper; for a missing value, the object that lacks it), and every file it accepts must be accepted, except
// for the documented stricter rules (docs/diagnostics.md). Prints each disagreement and a count; exits 1 when there is one.
// Tests never run it; it is for probing new assemblies before they join samples/assemblies/.
//
//   cd tools/transloadit-lint && npm ci && dotnet build ../../src/Cli
//   node compare.mjs FILE...            # or a folder; IMAGESDK="dotnet path/to/ImageSdk.Cli.dll" to pick the build
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { verdictOf } from './verdict.mjs';

// ValidationRules' StricterThanTransloadit codes; the parameter-scoped ones only on the parameters their reason names.
const STRICTER = new Set(['IMG1001', 'IMG1002', 'IMG1003', 'IMG1005', 'IMG1103', 'IMG1501', 'IMG1502', 'IMG1503', 'IMG1504']);
const SCOPED = { IMG1303: ['width', 'height'], IMG1304: ['prompt'], IMG1305: ['aspect_ratio'], IMG1308: ['seed', 'width', 'height', 'x', 'y'] }; // x, y: blur_regions' parseInt-read members

const files = process.argv.slice(2).flatMap((arg) => {
  const path = resolve(arg);
  return statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
});
const [command, ...prefix] = (process.env.IMAGESDK ?? `dotnet ${resolve('../../src/Cli/bin/Debug/net10.0/ImageSdk.Cli.dll')}`).split(' ');
const ours = new Map();
for (let i = 0; i < files.length; i += 200) {
  let stdout;
  try {
    stdout = execFileSync(command, [...prefix, 'validate', '--json', ...files.slice(i, i + 200)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (error) {
    stdout = error.stdout; // exit 1: some file is invalid
  }
  for (const result of JSON.parse(stdout)) ours.set(resolve(result.file), result);
}

// The linter stops at an empty "steps" without reading the other keys: its success there is no verdict on them.
const stopsAtEmptySteps = (text) => {
  try {
    const root = JSON.parse(text);
    return root?.steps && typeof root.steps === 'object' && Object.keys(root.steps).length === 0 && Object.keys(root).length > 1;
  } catch {
    return false;
  }
};

let disagreements = 0;
let rejected = 0;
for (const file of files) {
  const text = readFileSync(file).toString('utf8');
  const linter = await verdictOf(text);
  rejected += linter.success ? 0 : 1;
  const result = ours.get(file);
  const errors = result.errors;
  const problems = [];
  if (!linter.success && result.valid) problems.push('the linter rejects, ImageSdk accepts');
  if (linter.success && !result.valid && !stopsAtEmptySteps(text)) {
    const beyond = errors.filter((e) => !STRICTER.has(e.code) && !(SCOPED[e.code] ?? []).includes(e.path.split('/').at(-1)));
    if (beyond.length > 0) problems.push(`the linter accepts, ImageSdk rejects beyond the stricter rules: ${beyond.map((e) => `${e.code} ${e.path}`).join(', ')}`);
  }
  for (const { pointer, missing } of linter.success ? [] : linter.paths) {
    const placed = errors.some((e) => e.path === pointer || e.path.startsWith(pointer + '/') || (missing && pointer.startsWith(e.path + '/')));
    if (!placed) problems.push(`the linter places a violation at '${pointer}'; ImageSdk's errors are at ${errors.map((e) => `'${e.path}'`).join(', ') || 'none'}`);
  }
  if (problems.length > 0) {
    disagreements++;
    console.log(`${basename(file)}: ${problems.join('; ')}`);
    console.log(`  linter: ${linter.success ? 'success' : linter.errors.join(', ')}; ImageSdk: ${errors.map((e) => `${e.code} ${e.path} (${e.line},${e.column})`).join(', ') || 'valid'}`);
  }
}
console.log(`${files.length} files (${rejected} rejected by the linter), ${disagreements} with disagreements`);
process.exitCode = disagreements > 0 ? 1 : 0;
