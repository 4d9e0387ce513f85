// Runs Transloadit's own linter (@transloadit/node 4.12.0, lintAssemblyInstructions) over every assembly in
// samples/assemblies/ (or the files given as arguments) and writes its verdicts to
// samples/assemblies.transloadit-lint.json, which the tests read: wherever Transloadit rejects, ImageSdk must reject.
// The robots' documented examples (samples/assemblies/robots/, written by tools/robot-import) get their verdicts in
// samples/assemblies.robots.transloadit-lint.json.
//
//   cd tools/transloadit-lint && npm install && node lint-corpus.mjs            # the corpus and the robot examples
//   node lint-corpus.mjs --stdout a.json b.json                                 # other files, verdicts to stdout
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linterName, verdictOf } from './verdict.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '../../samples/assemblies');
const args = process.argv.slice(2);
const toStdout = args[0] === '--stdout';
const files = (toStdout ? args.slice(1) : args).map((f) => resolve(f));
const targets = files.length > 0 ? files : readdirSync(corpus).filter((f) => f.endsWith('.json')).sort().map((f) => join(corpus, f));

async function verdictsOf(files) {
  const verdicts = {};
  for (const file of files) {
    // The linter takes text; bytes that are not UTF-8 reach it as replacement characters, as any JS caller would pass them.
    const text = readFileSync(file).toString('utf8');
    verdicts[basename(file)] = await verdictOf(text);
  }
  return JSON.stringify({ linter: linterName, verdicts }, null, 2) + '\n';
}

if (toStdout) {
  process.stdout.write(await verdictsOf(targets));
} else {
  writeFileSync(resolve(here, '../../samples/assemblies.transloadit-lint.json'), await verdictsOf(targets));
  console.log(`wrote verdicts for ${targets.length} assemblies`);
  if (files.length === 0) {
    const robots = join(corpus, 'robots');
    const examples = readdirSync(robots).filter((f) => f.endsWith('.json')).sort().map((f) => join(robots, f));
    writeFileSync(resolve(here, '../../samples/assemblies.robots.transloadit-lint.json'), await verdictsOf(examples));
    console.log(`wrote verdicts for ${examples.length} robot examples`);
  }
}
