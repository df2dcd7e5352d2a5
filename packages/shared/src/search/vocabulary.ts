// The words the parser and the autocomplete agree on: keywords, how objects are named,
// and how a field reference (`status`, `Hosts.name`) resolves against the catalog.
import {
  SEARCH_OBJECT_KEYS,
  SEARCH_OBJECTS,
  searchField,
  searchObjectByName,
  type SearchField,
  type SearchObjectKey,
} from './catalog.js';
import type { Token } from './lexer.js';

export const KEYWORDS = ['and', 'or', 'sortby', 'page', 'asc', 'desc'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** The keyword a token spells, case-insensitively; `asc`/`desc` only mean something after sortby. */
export function keywordOf(token: Token | undefined): Keyword | undefined {
  if (token?.kind !== 'word') return undefined;
  const w = token.text.toLowerCase();
  return (KEYWORDS as readonly string[]).includes(w) ? (w as Keyword) : undefined;
}

/** Words that end a condition list, so they cannot be bare values without quotes. */
export function isReserved(token: Token | undefined): boolean {
  const k = keywordOf(token);
  return k === 'and' || k === 'or' || k === 'sortby' || k === 'page';
}

export const canonicalName = (key: SearchObjectKey): string => SEARCH_OBJECTS[key].names[0] ?? key;

export const objectNames = (): string[] => SEARCH_OBJECT_KEYS.map(canonicalName);

export const fieldNames = (key: SearchObjectKey): string[] =>
  SEARCH_OBJECTS[key].fields.map((f) => f.name);

/** How a cross-object prefix is offered: `Hosts.` */
export const xrefNames = (key: SearchObjectKey): string[] =>
  SEARCH_OBJECTS[key].relations.map((r) => `${canonicalName(r)}.`);

export type FieldRef =
  | { readonly ok: true; readonly field: SearchField; readonly xref?: SearchObjectKey }
  | {
      readonly ok: false;
      readonly message: string;
      /** Offset inside the word where the problem starts. */
      readonly offset: number;
      readonly expected: readonly string[];
    };

/** Resolves `field` or `Xref.field` for conditions on `object`. */
export function resolveFieldRef(object: SearchObjectKey, word: string): FieldRef {
  const dot = word.indexOf('.');
  const own = SEARCH_OBJECTS[object];
  if (dot >= 0) {
    const prefix = word.slice(0, dot);
    const name = word.slice(dot + 1);
    const other = searchObjectByName(prefix);
    if (other) {
      if (!own.relations.includes(other.key)) {
        return {
          ok: false,
          message: `${canonicalName(object)} can't be searched by ${prefix}`,
          offset: 0,
          expected: xrefNames(object),
        };
      }
      const field = searchField(other.key, name);
      if (!field) {
        return {
          ok: false,
          message: `Unknown field '${name}' of ${canonicalName(other.key)}`,
          offset: dot + 1,
          expected: fieldNames(other.key),
        };
      }
      return { ok: true, field, xref: other.key };
    }
  }
  const field = searchField(object, word);
  if (!field) {
    return {
      ok: false,
      message: `Unknown field '${word}' of ${canonicalName(object)}`,
      offset: 0,
      expected: [...fieldNames(object), ...xrefNames(object)],
    };
  }
  return { ok: true, field };
}
