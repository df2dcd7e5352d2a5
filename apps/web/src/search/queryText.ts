// Queries are the UI's only way to navigate (ARCHITECTURE.md: "the tree and tabs only
// write queries"), so everything that writes one goes through these helpers: the
// quoting and the object names must match what the parser accepts.
import { SEARCH_OBJECTS, searchObjectByName, type SearchObjectKey } from '@corral/shared';

/** The object a query searches, read from the word before ':' even while the rest is still being typed. */
export function objectOfQuery(text: string): SearchObjectKey | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return searchObjectByName(text.slice(0, colon).trim())?.key;
}

/** The query a main tab runs: every object of its kind, as `Hosts:`. */
export function objectQuery(object: SearchObjectKey): string {
  return `${SEARCH_OBJECTS[object].names[0]}:`;
}

const KEYWORDS = new Set(['and', 'or', 'sortby', 'asc', 'desc', 'page']);
const BARE_VALUE = /^[A-Za-z0-9_.\-/@]+$/;

/** A value as a query token: bare when the parser would read it back unchanged, otherwise double-quoted. */
export function quoteValue(value: string): string {
  if (BARE_VALUE.test(value) && !KEYWORDS.has(value.toLowerCase())) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** `Hosts: cluster = "Prod East"` */
export function conditionQuery(object: SearchObjectKey, field: string, value: string): string {
  return `${objectQuery(object)} ${field} = ${quoteValue(value)}`;
}

/** Queries are compared as the user would: case and spacing do not make a different view. */
export function sameQuery(a: string, b: string): boolean {
  const norm = (q: string) => q.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The characters to mark for a syntax error at `position`: the token starting there,
 * or nothing (from = to) when the error is at the end, where the UI draws a caret.
 */
export function errorSpan(text: string, position: number): { from: number; to: number } {
  const from = Math.max(0, Math.min(position, text.length));
  if (from === text.length) return { from, to: from };
  if (/\s/.test(text.charAt(from))) return { from, to: from + 1 };
  const quoted = text.charAt(from) === '"';
  let to = from + 1;
  while (to < text.length) {
    const c = text.charAt(to);
    if (quoted ? c === '"' : /[\s:=<>!()]/.test(c)) break;
    to += 1;
  }
  if (quoted && to < text.length) to += 1;
  return { from, to };
}

/** Replaces text[from, to) with `insert`, as accepting an autocomplete suggestion does. */
export function applySuggestion(
  text: string,
  suggestion: { insert: string; from: number; to: number },
): { text: string; cursor: number } {
  const next = text.slice(0, suggestion.from) + suggestion.insert + text.slice(suggestion.to);
  return { text: next, cursor: suggestion.from + suggestion.insert.length };
}
