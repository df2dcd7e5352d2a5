import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from '@corral/shared';
import {
  applySuggestion,
  conditionQuery,
  errorSpan,
  objectOfQuery,
  objectQuery,
  quoteValue,
  sameQuery,
} from './queryText.js';

describe('objectOfQuery', () => {
  it.each(SEARCH_OBJECT_KEYS)('reads every accepted name of %s, in any case', (key) => {
    for (const name of SEARCH_OBJECTS[key].names) {
      expect(objectOfQuery(`${name}: name = x`)).toBe(key);
      expect(objectOfQuery(`  ${name.toUpperCase()} :`)).toBe(key);
    }
  });

  it('has no object before the colon is typed or for an unknown word', () => {
    expect(objectOfQuery('Vms')).toBeUndefined();
    expect(objectOfQuery('Spaceships: name = x')).toBeUndefined();
  });

  it('round-trips with objectQuery', () => {
    for (const key of SEARCH_OBJECT_KEYS) expect(objectOfQuery(objectQuery(key))).toBe(key);
  });
});

describe('quoteValue', () => {
  it('leaves plain names bare', () => {
    expect(quoteValue('rhev-2.example.com')).toBe('rhev-2.example.com');
    expect(quoteValue('Default')).toBe('Default');
  });

  it('quotes values with spaces, operators or that read as keywords', () => {
    expect(quoteValue('Prod East')).toBe('"Prod East"');
    expect(quoteValue('a=b')).toBe('"a=b"');
    expect(quoteValue('OR')).toBe('"OR"');
    expect(quoteValue('')).toBe('""');
  });

  it('escapes quotes and backslashes so the quoted token reads back as the value', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const token = quoteValue(value);
        if (!token.startsWith('"')) return token === value;
        const inner = token.slice(1, -1);
        return inner.replace(/\\(.)/g, '$1') === value && !/(^|[^\\])"/.test(inner);
      }),
    );
  });

  it('writes a condition with the canonical object name', () => {
    expect(conditionQuery('host', 'cluster', 'Prod East')).toBe(
      `${SEARCH_OBJECTS.host.names[0]}: cluster = "Prod East"`,
    );
  });
});

describe('sameQuery', () => {
  it('ignores case and spacing', () => {
    expect(sameQuery('Vms:  status = up', ' vms: STATUS = up ')).toBe(true);
    expect(sameQuery('Vms: status = up', 'Vms: status = down')).toBe(false);
  });
});

describe('errorSpan', () => {
  it('marks the whole token at the position', () => {
    const text = 'Vms: statuz = up';
    const at = text.indexOf('statuz');
    expect(errorSpan(text, at)).toEqual({ from: at, to: at + 'statuz'.length });
  });

  it('marks a quoted token with its quotes', () => {
    const text = 'Vms: name = "a b" zzz';
    const at = text.indexOf('"');
    expect(errorSpan(text, at)).toEqual({ from: at, to: at + '"a b"'.length });
  });

  it('is empty at the end of the text, clamped beyond it', () => {
    expect(errorSpan('Vms: name =', 11)).toEqual({ from: 11, to: 11 });
    expect(errorSpan('Vms:', 99)).toEqual({ from: 4, to: 4 });
  });

  it('always lies within the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -5, max: 200 }), (text, pos) => {
        const { from, to } = errorSpan(text, pos);
        return 0 <= from && from <= to && to <= text.length;
      }),
    );
  });
});

describe('applySuggestion', () => {
  it('replaces the range and puts the cursor after the insert', () => {
    const text = 'Vms: sta = up';
    const r = applySuggestion(text, { insert: 'status', from: 5, to: 8 });
    expect(r.text).toBe('Vms: status = up');
    expect(r.cursor).toBe(5 + 'status'.length);
  });
});
