// Autocomplete for the search bar: the tokens that may come next at the cursor, filtered
// by the word being typed. It walks the same tokens the parser reads, but forgivingly:
// half-written text is the normal case here, and where the text has already gone wrong
// it offers nothing rather than guessing.
import {
  SEARCH_OBJECT_KEYS,
  SEARCH_OBJECTS,
  searchField,
  searchObjectByName,
  type SearchField,
  type SearchObjectKey,
} from './catalog.js';
import { operatorsFor, RELATIVE_DAYS, type SearchOperator } from './ast.js';
import { lex, type Token } from './lexer.js';
import { canonicalName, isReserved, keywordOf, resolveFieldRef } from './vocabulary.js';

export type SuggestionKind = 'object' | 'field' | 'xref' | 'operator' | 'value' | 'keyword';

export interface Suggestion {
  /** What the menu shows. */
  readonly label: string;
  /** What replaces text[from, to). */
  readonly insert: string;
  readonly kind: SuggestionKind;
  readonly from: number;
  readonly to: number;
}

type Place =
  | 'object'
  | 'colon'
  /** A condition must come (after 'and' / 'or'). */
  | 'condition'
  /** Right after ':': a condition, or sortby / page. */
  | 'first'
  /** After a condition: another one, and / or, sortby / page. */
  | 'next'
  | 'operator'
  | 'value'
  | 'sortField'
  | 'sortDir'
  | 'page'
  | 'pageNumber'
  | 'nothing';

interface State {
  readonly place: Place;
  readonly object?: SearchObjectKey;
  /** The field whose operator or value comes next. */
  readonly field?: SearchField;
}

const isComplete = (t: Token) => !(t.kind === 'string' && t.unterminated);

function step(s: State, t: Token): State {
  const kw = keywordOf(t);
  const object = s.object;
  const go = (place: Place, field?: SearchField): State => ({
    place,
    ...(object ? { object } : {}),
    ...(field ? { field } : {}),
  });
  switch (s.place) {
    case 'object': {
      const obj = t.kind === 'word' ? searchObjectByName(t.text) : undefined;
      return obj ? { place: 'colon', object: obj.key } : go('nothing');
    }
    case 'colon':
      return t.kind === 'colon' ? go('first') : go('nothing');
    case 'first':
    case 'condition':
    case 'next': {
      if (!object) return go('nothing');
      if (kw === 'and' || kw === 'or') return go(s.place === 'next' ? 'condition' : 'nothing');
      if (kw === 'sortby' || kw === 'page') {
        if (s.place === 'condition') return go('nothing');
        return go(kw === 'sortby' ? 'sortField' : 'pageNumber');
      }
      if (t.kind === 'word') {
        const ref = resolveFieldRef(object, t.text);
        return ref.ok ? go('operator', ref.field) : go('next');
      }
      return t.kind === 'string' && isComplete(t) ? go('next') : go('nothing');
    }
    case 'operator':
      return s.field &&
        t.kind === 'op' &&
        operatorsFor(s.field.type).includes(t.text as SearchOperator)
        ? go('value', s.field)
        : go('nothing');
    case 'value':
      return (t.kind === 'word' && !isReserved(t)) || (t.kind === 'string' && isComplete(t))
        ? go('next')
        : go('nothing');
    case 'sortField':
      return object && t.kind === 'word' && searchField(object, t.text)
        ? go('sortDir')
        : go('nothing');
    case 'sortDir':
      if (kw === 'asc' || kw === 'desc') return go('page');
      return go(kw === 'page' ? 'pageNumber' : 'nothing');
    case 'page':
      return go(kw === 'page' ? 'pageNumber' : 'nothing');
    case 'pageNumber':
    case 'nothing':
      return go('nothing');
  }
}

interface Candidate {
  readonly label: string;
  readonly insert: string;
  readonly kind: SuggestionKind;
  /** Other words that select this candidate (an object's other names). */
  readonly aliases?: readonly string[];
}

const keyword = (k: string): Candidate => ({ label: k, insert: `${k} `, kind: 'keyword' });

const fieldCandidates = (object: SearchObjectKey): Candidate[] =>
  SEARCH_OBJECTS[object].fields.map((f) => ({
    label: f.name,
    insert: `${f.name} `,
    kind: 'field',
  }));

const xrefCandidates = (object: SearchObjectKey): Candidate[] =>
  SEARCH_OBJECTS[object].relations.map((r) => ({
    label: `${canonicalName(r)}.`,
    insert: `${canonicalName(r)}.`,
    kind: 'xref',
    aliases: SEARCH_OBJECTS[r].names.map((n) => `${n}.`),
  }));

function valueCandidates(field: SearchField): Candidate[] {
  const values: readonly string[] =
    field.type === 'enum'
      ? (field.values ?? [])
      : field.type === 'boolean'
        ? ['true', 'false']
        : field.type === 'date'
          ? RELATIVE_DAYS
          : [];
  return values.map((v) => ({ label: v, insert: `${v} `, kind: 'value' }));
}

function candidates(s: State): Candidate[] {
  const object = s.object;
  switch (s.place) {
    case 'object':
      return SEARCH_OBJECT_KEYS.map((k) => ({
        label: canonicalName(k),
        insert: `${canonicalName(k)}: `,
        kind: 'object',
        aliases: SEARCH_OBJECTS[k].names,
      }));
    case 'colon':
      return [{ label: ':', insert: ': ', kind: 'keyword' }];
    case 'first':
    case 'condition':
    case 'next': {
      if (!object) return [];
      const conditions = [...fieldCandidates(object), ...xrefCandidates(object)];
      if (s.place === 'condition') return conditions;
      const joins = s.place === 'next' ? ['and', 'or'] : [];
      return [...joins.map(keyword), ...conditions, keyword('sortby'), keyword('page')];
    }
    case 'operator':
      return s.field
        ? operatorsFor(s.field.type).map((op) => ({
            label: op,
            insert: `${op} `,
            kind: 'operator',
          }))
        : [];
    case 'value':
      return s.field ? valueCandidates(s.field) : [];
    case 'sortField':
      return object ? fieldCandidates(object) : [];
    case 'sortDir':
      return [keyword('asc'), keyword('desc'), keyword('page')];
    case 'page':
      return [keyword('page')];
    case 'pageNumber':
    case 'nothing':
      return [];
  }
}

/**
 * Suggestions for the text at `cursor`. Each replaces text[from, to): the word under the
 * cursor (all of it, also the part after the cursor), or nothing when the cursor sits
 * between tokens. Filtering uses the part of that word before the cursor.
 */
export function suggest(text: string, cursor: number): Suggestion[] {
  const at = Math.max(
    0,
    Math.min(Number.isFinite(cursor) ? Math.trunc(cursor) : text.length, text.length),
  );
  const tokens = lex(text);
  // The token being typed: a word, or '<' / '>' that may still grow into '<=' / '>='.
  const current = tokens.find(
    (t) =>
      t.start < at &&
      at <= t.end &&
      (t.kind === 'word' || (t.kind === 'op' && (t.text === '<' || t.text === '>'))),
  );
  if (tokens.some((t) => t.kind === 'string' && t.start < at && (at < t.end || t.unterminated))) {
    return []; // inside quotes: free text, nothing to offer
  }
  const before = tokens.filter((t) => t.end <= (current ? current.start : at));
  let state: State = { place: 'object' };
  for (const t of before) state = step(state, t);

  let partial = current ? text.slice(current.start, at) : '';
  let from = current ? current.start : at;
  const to = current ? current.end : at;
  let offered = candidates(state);

  // `Hosts.na|`: the fields of the object named before the dot.
  const dot = current?.kind === 'word' ? partial.indexOf('.') : -1;
  if (dot >= 0 && state.object && ['first', 'condition', 'next'].includes(state.place)) {
    const xref = searchObjectByName(partial.slice(0, dot));
    if (!xref || !SEARCH_OBJECTS[state.object].relations.includes(xref.key)) return [];
    offered = fieldCandidates(xref.key);
    from += dot + 1;
    partial = partial.slice(dot + 1);
  }

  const p = partial.toLowerCase();
  const matches = (c: Candidate) =>
    [c.label, ...(c.aliases ?? [])].some((w) => w.toLowerCase().startsWith(p));
  // Nothing to replace and the previous token runs right up to the cursor ("Vms:", 'x'):
  // keep the new token apart from it.
  const glue = from === to && from > 0 && !/[\s.]/.test(text.charAt(from - 1)) ? ' ' : '';
  return offered
    .filter(matches)
    .map((c) => ({ label: c.label, insert: glue + c.insert, kind: c.kind, from, to }));
}
