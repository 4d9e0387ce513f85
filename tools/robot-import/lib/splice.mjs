// Sets or removes one entry of a hand-written JSON document's top-level $defs in its text, so that the rest of the text
// (its own formatting) stays as it is. Each entry is written on lines of its own, indented by four spaces.
import { canonical } from './normalize.mjs';
import { formatJson } from './format.mjs';

/** The text with $defs[name] set to value: the old entry's text replaced, or a new entry added last. */
export function setDef(text, name, value) {
  const defs = defsEntries(text);
  const body = formatJson({ [name]: value }).trim().slice(1, -1).trim().replace(/\n {2}/g, '\n    ');
  const entry = defs.entries.find((e) => e.name === name);
  const last = defs.entries[defs.entries.length - 1];
  const result = entry
    ? text.slice(0, entry.start) + body + text.slice(entry.end)
    : last
      ? text.slice(0, last.end) + ',\n    ' + body + text.slice(last.end)
      : text.slice(0, defs.open + 1) + '\n    ' + body + '\n  ' + text.slice(defs.open + 1);
  if (canonical(JSON.parse(result).$defs[name]) !== canonical(value)) throw new Error(`setting $defs/${name} went wrong`);
  return result;
}

/** The text without $defs[name]. */
export function removeDef(text, name) {
  const { entries } = defsEntries(text);
  const index = entries.findIndex((e) => e.name === name);
  const entry = entries[index];
  const result = index < entries.length - 1
    ? text.slice(0, entry.start) + text.slice(entries[index + 1].start) // up to the next entry: the comma and line break go too
    : text.slice(0, index === 0 ? entry.start : entries[index - 1].end) + text.slice(entry.end).replace(/^\s*/, index === 0 ? '' : '\n  ');
  const parsed = JSON.parse(result);
  if (parsed.$defs[name] !== undefined || Object.keys(parsed.$defs).length !== entries.length - 1) throw new Error(`removing $defs/${name} went wrong`);
  return result;
}

/** The names of the top-level $defs entries. */
export function defNames(text) {
  return defsEntries(text).entries.map((e) => e.name);
}

/** Where the top-level "$defs" object opens, and each entry's name and text range (from its key to the end of its value). */
function defsEntries(text) {
  const scanner = scan(text);
  let open = -1;
  const entries = [];
  for (const token of scanner) {
    if (token.depth === 1 && token.key === '$defs') open = token.valueStart;
    else if (open >= 0 && token.depth === 2 && token.key !== undefined && token.parent === open) {
      entries.push({ name: token.key, start: token.start, end: token.valueEnd });
    }
  }
  if (open < 0) throw new Error('the document has no $defs');
  return { open, entries };
}

/** Yields each object key: its depth (1 for the root object's keys), name, start, and its value's start and end. */
function* scan(text) {
  const stack = []; // index of each open { or [
  let i = 0;
  const skipString = (from) => {
    let j = from + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const skipSpace = (from) => {
    let j = from;
    while (/\s/.test(text[j])) j++;
    return j;
  };
  const endOfValue = (from) => {
    const start = skipSpace(from);
    if (text[start] === '"') return skipString(start);
    if (text[start] !== '{' && text[start] !== '[') {
      let j = start;
      while (j < text.length && !/[,}\]\s]/.test(text[j])) j++;
      return j;
    }
    let depth = 0;
    for (let j = start; j < text.length; j++) {
      if (text[j] === '"') j = skipString(j) - 1;
      else if (text[j] === '{' || text[j] === '[') depth++;
      else if (text[j] === '}' || text[j] === ']') {
        if (--depth === 0) return j + 1;
      }
    }
    throw new Error('unterminated JSON value');
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = skipString(i);
      const after = skipSpace(end);
      if (text[after] === ':' && text[stack[stack.length - 1]] === '{') {
        const valueStart = skipSpace(after + 1);
        yield {
          depth: stack.length,
          key: JSON.parse(text.slice(i, end)),
          start: i,
          parent: stack[stack.length - 1],
          valueStart,
          valueEnd: endOfValue(valueStart),
        };
      }
      i = end;
    } else {
      if (c === '{' || c === '[') stack.push(i);
      else if (c === '}' || c === ']') stack.pop();
      i++;
    }
  }
}
