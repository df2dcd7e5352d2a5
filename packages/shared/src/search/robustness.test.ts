// Whatever is typed into the search bar, the parser and the autocomplete answer; they
// never throw. Arbitrary strings test the lexer's edges, strings built from the grammar's
// own tokens reach deep into the parser.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from './catalog.js';
import { parseSearch } from './parser.js';
import { suggest } from './suggest.js';

const objectWords = SEARCH_OBJECT_KEYS.flatMap((k) => [...SEARCH_OBJECTS[k].names]);
const fieldWords = [
  ...new Set(SEARCH_OBJECT_KEYS.flatMap((k) => SEARCH_OBJECTS[k].fields.map((f) => f.name))),
];
const valueWords = [
  ...new Set(
    SEARCH_OBJECT_KEYS.flatMap((k) => SEARCH_OBJECTS[k].fields.flatMap((f) => f.values ?? [])),
  ),
  'true',
  'no',
  'today',
  'yesterday',
  '2025-01-31',
  '2025-02-30',
  '42',
  '-1.5',
  '0',
  'web*',
  '*',
  'h17*',
];
const token = fc.oneof(
  fc.constantFrom(...objectWords, ...fieldWords, ...valueWords),
  fc.constantFrom(':', '.', '=', '!=', '<', '>', '<=', '>=', '!', '"', "'", '\\', '*'),
  fc.constantFrom('and', 'or', 'sortby', 'page', 'asc', 'desc', 'AND', 'Or'),
  fc.constantFrom(...objectWords).map((o) => `${o}.`),
  fc
    .tuple(fc.constantFrom(...objectWords), fc.constantFrom(...fieldWords))
    .map(([o, f]) => `${o}.${f}`),
  fc.string({ maxLength: 4 }),
);
const grammarish = fc
  .tuple(
    fc.constantFrom(...objectWords, ''),
    fc.array(fc.tuple(token, fc.constantFrom(' ', '', '  ', '\t')), { maxLength: 12 }),
  )
  .map(([o, parts]) => `${o}: ${parts.map(([t, s]) => t + s).join('')}`);
const anything = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);

function checkTotal(text: string, cursor: number) {
  const r = parseSearch(text);
  if (r.ok) {
    expect(SEARCH_OBJECT_KEYS).toContain(r.query.object);
  } else {
    expect(r.error.position).toBeGreaterThanOrEqual(0);
    expect(r.error.position).toBeLessThanOrEqual(text.length);
    expect(typeof r.error.message).toBe('string');
  }
  for (const s of suggest(text, cursor)) {
    expect(s.from).toBeGreaterThanOrEqual(0);
    expect(s.from).toBeLessThanOrEqual(s.to);
    expect(s.to).toBeLessThanOrEqual(text.length);
  }
}

describe('parseSearch and suggest never throw', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(anything, fc.integer({ min: -2, max: 300 }), (text, cursor) =>
        checkTotal(text, cursor),
      ),
      { numRuns: 2000 },
    );
  });

  it("on strings made of the grammar's tokens", () => {
    fc.assert(
      fc.property(grammarish, fc.nat(), (text, n) => checkTotal(text, n % (text.length + 1))),
      { numRuns: 3000 },
    );
  });

  it('reports errors on a token, or right where the missing one should be', () => {
    fc.assert(
      fc.property(grammarish, (text) => {
        const r = parseSearch(text);
        if (!r.ok && r.error.position < text.length) {
          const p = r.error.position;
          const onToken = !/\s/.test(text.charAt(p));
          const afterToken = p > 0 && !/\s/.test(text.charAt(p - 1));
          expect(onToken || afterToken, `${text} @${p}`).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
