// What a parameter is for, from meanings.json: one short sentence of ours per parameter name, "*/import:name" or
// "*/store:name" for the robots whose name ends so, "/robot/name:name" for one robot. The most specific key wins; null
// gives that robot no sentence. Every key has to be used, so a renamed parameter or robot stops the import.
import { readFileSync } from 'node:fs';

export function loadMeanings(file) {
  const table = JSON.parse(readFileSync(file, 'utf8'));
  delete table.$comment;
  const used = new Set();
  return {
    /** The sentence for a robot's parameter, or undefined. */
    of(robot, name) {
      const family = '*/' + robot.split('/').pop();
      const key = [`${robot}:${name}`, `${family}:${name}`, name].find((k) => k in table);
      if (key === undefined) return undefined;
      used.add(key);
      return table[key] ?? undefined;
    },
    /** The keys no parameter asked for. */
    unused: () => Object.keys(table).filter((k) => !used.has(k)),
  };
}
