// parseSearch: query text → SearchQuery, or a SearchError that says where and what was
// expected. Recursive descent over the token list of lexer.ts, grammar as in SEARCH.md:
//
//   query := OBJECT ':' [ expr ] [ 'sortby' field ['asc'|'desc'] ] [ 'page' N ]
//   expr  := term { 'or' term }
//   term  := cond { ['and'] cond }
//   cond  := [ XREF '.' ] field op value | value
import {
  searchField,
  searchObjectByName,
  type SearchField,
  type SearchObjectKey,
} from './catalog.js';
import {
  BOOLEAN_WORDS,
  RELATIVE_DAYS,
  freeTextField,
  operatorsFor,
  type SearchAnd,
  type SearchCondition,
  type SearchError,
  type SearchOperator,
  type SearchOr,
  type SearchParseResult,
  type SearchSort,
  type SearchValue,
} from './ast.js';
import { lex, type Token } from './lexer.js';
import {
  canonicalName,
  fieldNames,
  isReserved,
  keywordOf,
  objectNames,
  resolveFieldRef,
  xrefNames,
} from './vocabulary.js';

class ParseFailure {
  constructor(readonly error: SearchError) {}
}

function fail(message: string, position: number, expected: readonly string[]): never {
  throw new ParseFailure({ message, position, expected });
}

const shown = (t: Token | undefined): string =>
  t === undefined ? 'end of query' : t.kind === 'string' ? `"${t.text}"` : `'${t.text}'`;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A real calendar day in `YYYY-MM-DD` form (rejects 2024-02-30). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 0–99 as written
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function valueHints(field: SearchField): string[] {
  switch (field.type) {
    case 'enum':
      return [...(field.values ?? [])];
    case 'boolean':
      return ['true', 'false'];
    case 'date':
      return ['YYYY-MM-DD', ...RELATIVE_DAYS];
    case 'number':
      return ['a number'];
    case 'string':
      return ['a value'];
  }
}

class Parser {
  private i = 0;
  private object!: SearchObjectKey;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }

  private at(t: Token | undefined): number {
    return t === undefined ? this.text.length : t.start;
  }

  parse(): SearchParseResult {
    const first = this.peek();
    if (first?.kind !== 'word') {
      return fail(
        'A search starts with what to search for, e.g. "Vms:"',
        this.at(first),
        objectNames(),
      );
    }
    const obj = searchObjectByName(first.text);
    if (!obj) fail(`Unknown object '${first.text}'`, first.start, objectNames());
    this.object = obj.key;
    this.i++;
    const colon = this.peek();
    if (colon?.kind !== 'colon') {
      fail(`Expected ':' after '${first.text}'`, this.at(colon), [':']);
    }
    this.i++;

    const where = this.expr();
    const sorted = this.sortby();
    const sort = sorted?.sort;
    const page = this.page();
    const rest = this.peek();
    if (rest) {
      const expected =
        page !== undefined
          ? []
          : sorted?.explicit
            ? ['page']
            : sorted
              ? ['asc', 'desc', 'page']
              : [];
      fail(`Unexpected ${shown(rest)}`, rest.start, expected);
    }
    return {
      ok: true,
      query: {
        object: this.object,
        ...(where ? { where } : {}),
        ...(sort ? { sort } : {}),
        ...(page !== undefined ? { page } : {}),
      },
    };
  }

  private conditionStart(): string[] {
    return [...fieldNames(this.object), ...xrefNames(this.object)];
  }

  private expr(): SearchOr | undefined {
    const terms: SearchAnd[] = [];
    let conditions: SearchCondition[] = [];
    // Right after ':' an empty condition list is fine ("Vms:" lists every VM).
    let needCondition = false;
    for (;;) {
      const t = this.peek();
      const kw = keywordOf(t);
      if (t === undefined || kw === 'sortby' || kw === 'page') {
        if (needCondition)
          fail(
            `Expected a condition after '${this.peek(-1)?.text}'`,
            this.at(t),
            this.conditionStart(),
          );
        break;
      }
      if (kw === 'and' || kw === 'or') {
        if (needCondition || conditions.length === 0) {
          fail(`Expected a condition before '${t.text}'`, t.start, this.conditionStart());
        }
        this.i++;
        if (kw === 'or') {
          terms.push({ kind: 'and', conditions });
          conditions = [];
        }
        needCondition = true;
        continue;
      }
      if (t.kind === 'op' || t.kind === 'colon') {
        const expected =
          conditions.length > 0 && !needCondition
            ? ['and', 'or', 'sortby', 'page', ...this.conditionStart()]
            : this.conditionStart();
        fail(`Unexpected ${shown(t)}: expected a condition`, t.start, expected);
      }
      conditions.push(this.condition());
      needCondition = false;
    }
    if (conditions.length > 0) terms.push({ kind: 'and', conditions });
    return terms.length > 0 ? { kind: 'or', terms } : undefined;
  }

  private condition(): SearchCondition {
    const t = this.peek()!;
    const next = this.peek(1);
    if (t.kind === 'word' && next?.kind === 'op') return this.fieldCondition(t, next);
    if (t.kind === 'word' && looksLikeField(this.object, t.text)) {
      // A field name standing alone is almost always a half-written condition; searching
      // names for the word "status" would hide that behind an empty result.
      const ref = resolveFieldRef(this.object, t.text);
      if (!ref.ok) fail(ref.message, t.start + ref.offset, ref.expected);
      fail(
        `Expected an operator after '${t.text}' (quote it to search for the word)`,
        this.at(next),
        operatorsFor(ref.field.type),
      );
    }
    return this.freeText(t);
  }

  private freeText(t: Token): SearchCondition {
    if (t.kind === 'string' && t.unterminated)
      fail('Missing closing quote', t.start, [this.text.charAt(t.start)]);
    this.i++;
    const value = t.text.includes('*') ? t.text : `*${t.text}*`;
    return {
      field: freeTextField(this.object),
      op: '=',
      value: { type: 'string', value, wildcard: true },
      freeText: true,
    };
  }

  private fieldCondition(word: Token, opToken: Token): SearchCondition {
    const ref = resolveFieldRef(this.object, word.text);
    if (!ref.ok) return fail(ref.message, word.start + ref.offset, ref.expected);
    const field = ref.field;
    const op = opToken.text as SearchOperator;
    const allowed = operatorsFor(field.type);
    if (!allowed.includes(op)) {
      fail(`'${op}' does not apply to ${field.type} field '${field.name}'`, opToken.start, allowed);
    }
    this.i += 2;
    const value = this.value(field);
    return { ...(ref.xref ? { xref: ref.xref } : {}), field: field.name, op, value };
  }

  private value(field: SearchField): SearchValue {
    const t = this.peek();
    const hints = valueHints(field);
    if (t === undefined || t.kind === 'op' || isReserved(t)) {
      return fail(`Expected a value for '${field.name}'`, this.at(t), hints);
    }
    if (t.kind === 'string' && t.unterminated)
      fail('Missing closing quote', t.start, [this.text.charAt(t.start)]);
    this.i++;
    const text = t.text;
    switch (field.type) {
      case 'string':
        return { type: 'string', value: text, wildcard: text.includes('*') };
      case 'number': {
        if (!NUMBER.test(text)) fail(`'${text}' is not a number`, t.start, hints);
        return { type: 'number', value: Number(text) };
      }
      case 'enum': {
        const lower = text.toLowerCase();
        const canonical = (field.values ?? []).find((v) => v.toLowerCase() === lower);
        if (canonical === undefined) fail(`'${text}' is not a ${field.name} value`, t.start, hints);
        return { type: 'enum', value: canonical };
      }
      case 'date': {
        const lower = text.toLowerCase();
        if ((RELATIVE_DAYS as readonly string[]).includes(lower))
          return { type: 'date', value: lower };
        if (!isIsoDate(text)) fail(`'${text}' is not a date`, t.start, hints);
        return { type: 'date', value: text };
      }
      case 'boolean': {
        const b = BOOLEAN_WORDS[text.toLowerCase()];
        if (b === undefined)
          fail(`'${text}' is not a boolean`, t.start, ['true', 'false', 'yes', 'no']);
        return { type: 'boolean', value: b };
      }
    }
  }

  private sortby(): { sort: SearchSort; explicit: boolean } | undefined {
    if (keywordOf(this.peek()) !== 'sortby') return undefined;
    this.i++;
    const t = this.peek();
    const fields = fieldNames(this.object);
    if (t?.kind !== 'word') return fail('Expected a field to sort by', this.at(t), fields);
    const field = searchField(this.object, t.text);
    if (!field) fail(`Unknown field '${t.text}' of ${canonicalName(this.object)}`, t.start, fields);
    this.i++;
    const dir = keywordOf(this.peek());
    if (dir === 'asc' || dir === 'desc') {
      this.i++;
      return { sort: { field: field.name, dir }, explicit: true };
    }
    return { sort: { field: field.name, dir: 'asc' }, explicit: false };
  }

  private page(): number | undefined {
    if (keywordOf(this.peek()) !== 'page') return undefined;
    this.i++;
    const t = this.peek();
    const hint = ['a page number (1, 2, …)'];
    if (t === undefined) return fail('Expected a page number', this.text.length, hint);
    const n = t.kind === 'word' && /^\d+$/.test(t.text) ? Number(t.text) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) fail(`'${t.text}' is not a page number`, t.start, hint);
    this.i++;
    return n;
  }
}

/** Parses a query; every problem is returned as a SearchError, never thrown. */
export function parseSearch(text: string): SearchParseResult {
  try {
    return new Parser(text, lex(text)).parse();
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/** A word that can only be meant as a field: a field of the object, or `Object.anything`. */
function looksLikeField(object: SearchObjectKey, word: string): boolean {
  const dot = word.indexOf('.');
  if (dot >= 0 && searchObjectByName(word.slice(0, dot))) return true;
  return searchField(object, word) !== undefined;
}
