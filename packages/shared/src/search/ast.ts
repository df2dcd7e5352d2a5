// The parsed form of a search query (SEARCH.md). The parser validates everything it can
// against the catalog, so a `SearchQuery` names only real objects and fields, carries
// operators that suit each field's type, and holds values already typed: the compiler
// never has to second-guess it.
import type { FieldType, SearchObjectKey } from './catalog.js';

export const SEARCH_OPERATORS = ['=', '!=', '<', '>', '<=', '>='] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export type SortDirection = 'asc' | 'desc';

export interface SearchSort {
  readonly field: string;
  readonly dir: SortDirection;
}

export type SearchValue =
  /** `*` in `value` is a wildcard when `wildcard` is set. */
  | { readonly type: 'string'; readonly value: string; readonly wildcard: boolean }
  | { readonly type: 'number'; readonly value: number }
  /** In the catalog's canonical spelling (`poweringup` → `PoweringUp`). */
  | { readonly type: 'enum'; readonly value: string }
  /**
   * `YYYY-MM-DD`, or `today` / `yesterday` kept as words: they name a day relative to the
   * clock of whoever compiles the query, not of whoever parsed it.
   */
  | { readonly type: 'date'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean };

export interface SearchCondition {
  /** Set for a cross-object condition (`Hosts.name = h17*`): the object the field belongs to. */
  readonly xref?: SearchObjectKey;
  readonly field: string;
  readonly op: SearchOperator;
  readonly value: SearchValue;
  /** The condition was a bare value: a contains-match on the object's text field. */
  readonly freeText?: boolean;
}

export interface SearchAnd {
  readonly kind: 'and';
  readonly conditions: readonly SearchCondition[];
}

/** Always OR of ANDs: `a b or c` is `{ or: [and(a, b), and(c)] }`. */
export interface SearchOr {
  readonly kind: 'or';
  readonly terms: readonly SearchAnd[];
}

export interface SearchQuery {
  readonly object: SearchObjectKey;
  readonly where?: SearchOr;
  readonly sort?: SearchSort;
  /** 1-based, in pages of SEARCH_PAGE_SIZE rows. */
  readonly page?: number;
}

export interface SearchError {
  readonly message: string;
  /** 0-based offset of the offending token in the query text (its length at the end). */
  readonly position: number;
  /** What would have been valid there, e.g. the object's fields or the field's operators. */
  readonly expected: readonly string[];
}

export type SearchParseResult =
  | { readonly ok: true; readonly query: SearchQuery }
  | { readonly ok: false; readonly error: SearchError };

const EQUALITY: readonly SearchOperator[] = ['=', '!='];

/** Strings, enums and booleans only compare for (in)equality; numbers and dates also order. */
export function operatorsFor(type: FieldType): readonly SearchOperator[] {
  return type === 'number' || type === 'date' ? SEARCH_OPERATORS : EQUALITY;
}

export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
};

export const RELATIVE_DAYS = ['today', 'yesterday'] as const;
export type RelativeDay = (typeof RELATIVE_DAYS)[number];

/** The field a bare value searches: `name`, or what stands in for it where there is none. */
export function freeTextField(object: SearchObjectKey): string {
  switch (object) {
    case 'event':
      return 'message';
    case 'job':
      return 'description';
    default:
      return 'name';
  }
}
