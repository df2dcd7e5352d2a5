import { describe, expect, it } from 'vitest';
import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from './catalog.js';
import { parseSearch } from './parser.js';
import { suggest, type Suggestion } from './suggest.js';

/** Suggestions at the end of the text, or at the '|' marker. */
function at(textWithCursor: string): Suggestion[] {
  const cursor = textWithCursor.includes('|') ? textWithCursor.indexOf('|') : textWithCursor.length;
  return suggest(textWithCursor.replace('|', ''), cursor);
}
const labels = (s: Suggestion[], kind?: Suggestion['kind']) =>
  s.filter((x) => !kind || x.kind === kind).map((x) => x.label);
const apply = (text: string, s: Suggestion) => text.slice(0, s.from) + s.insert + text.slice(s.to);

const vmFields = SEARCH_OBJECTS.vm.fields.map((f) => f.name);
const vmXrefs = SEARCH_OBJECTS.vm.relations.map((r) => `${SEARCH_OBJECTS[r].names[0]}.`);

describe('suggest', () => {
  it('offers every object at the start, and filters by what is typed', () => {
    expect(labels(at(''), 'object')).toEqual(
      SEARCH_OBJECT_KEYS.map((k) => SEARCH_OBJECTS[k].names[0]),
    );
    expect(labels(at('ho'))).toEqual(['Hosts']);
    // singular names select the object too, shown by its canonical name
    expect(labels(at('vm'))).toEqual(['Vms']);
    expect(labels(at('data'))).toEqual(['DataCenter']);
    const [s] = at('ho');
    expect(s && apply('ho', s)).toBe('Hosts: ');
  });

  it('offers the colon after a complete object name', () => {
    expect(at('Vms ')).toEqual([{ label: ':', insert: ': ', kind: 'keyword', from: 4, to: 4 }]);
  });

  it("offers fields, cross-objects, sortby and page after ':'", () => {
    const s = at('Vms:');
    expect(labels(s, 'field')).toEqual(vmFields);
    expect(labels(s, 'xref')).toEqual(vmXrefs);
    expect(labels(s, 'keyword')).toEqual(['sortby', 'page']);
    // keeps the new word apart from the colon
    expect(s[0] && apply('Vms:', s[0])).toBe('Vms: name ');
  });

  it('filters fields and cross-objects by the partial word, case-insensitively', () => {
    expect(labels(at('Vms: ST'))).toEqual(['status', 'Storage.']);
    expect(labels(at('Vms: cpu'))).toEqual(['cpu_usage']);
    expect(labels(at('Hosts: v'))).toEqual(['Vms.', 'Volumes.']);
  });

  it('replaces the whole word under the cursor', () => {
    const s = at('Vms: sta|tus = up');
    expect(s).toEqual([{ label: 'status', insert: 'status ', kind: 'field', from: 5, to: 11 }]);
  });

  it("offers the cross-object's fields after 'Hosts.'", () => {
    const s = at('Vms: Hosts.');
    expect(labels(s)).toEqual(SEARCH_OBJECTS.host.fields.map((f) => f.name));
    expect(s[0]).toMatchObject({ from: 11, to: 11 });
    const n = at('Vms: Hosts.na');
    expect(n).toEqual([{ label: 'name', insert: 'name ', kind: 'field', from: 11, to: 13 }]);
    expect(labels(at('Vms: host.cpu_u'))).toEqual(['cpu_usage']);
    // no relation from Vms to Bookmarks: nothing to offer
    expect(at('Vms: Bookmarks.')).toEqual([]);
  });

  it("offers the operators of the field's type", () => {
    expect(labels(at('Vms: status '))).toEqual(['=', '!=']);
    expect(labels(at('Vms: name '))).toEqual(['=', '!=']);
    expect(labels(at('Vms: ha '))).toEqual(['=', '!=']);
    expect(labels(at('Vms: cpu_usage '))).toEqual(['=', '!=', '<', '>', '<=', '>=']);
    expect(labels(at('Events: time '))).toEqual(['=', '!=', '<', '>', '<=', '>=']);
    expect(labels(at('Vms: Hosts.cpu_usage '))).toEqual(['=', '!=', '<', '>', '<=', '>=']);
    // '<' may still become '<='
    expect(at('Vms: cpu_usage <')).toEqual([
      { label: '<', insert: '< ', kind: 'operator', from: 15, to: 16 },
      { label: '<=', insert: '<= ', kind: 'operator', from: 15, to: 16 },
    ]);
  });

  it('offers enum values, booleans and relative days', () => {
    const statuses = SEARCH_OBJECTS.host.fields.find((f) => f.name === 'status')?.values;
    expect(labels(at('Hosts: status = '))).toEqual(statuses);
    expect(labels(at('Hosts: status = non'))).toEqual(['NonOperational', 'NonResponsive']);
    expect(labels(at('Vms: ha = '))).toEqual(['true', 'false']);
    expect(labels(at('Vms: creationdate > '))).toEqual(['today', 'yesterday']);
    expect(at('Vms: name = ')).toEqual([]);
    const [up] = at('Vms: status =');
    expect(up && apply('Vms: status =', up)).toBe('Vms: status = Down ');
  });

  it('offers and / or / sortby / page and more conditions after a condition', () => {
    const s = at('Vms: status = up ');
    expect(labels(s, 'keyword')).toEqual(['and', 'or', 'sortby', 'page']);
    expect(labels(s, 'field')).toEqual(vmFields);
    expect(labels(at('Vms: web '), 'keyword')).toEqual(['and', 'or', 'sortby', 'page']);
    expect(labels(at('Vms: status = up o'))).toEqual(['or', 'os']);
    // after and/or a condition must come
    expect(labels(at('Vms: status = up and '), 'keyword')).toEqual([]);
    expect(labels(at('Vms: status = up and '), 'field')).toEqual(vmFields);
  });

  it('offers fields after sortby, then asc / desc / page, then page', () => {
    expect(labels(at('Vms: sortby '))).toEqual(vmFields);
    expect(labels(at('Vms: status = up sortby cpu'))).toEqual(['cpu_usage']);
    expect(labels(at('Vms: sortby cpu_usage '))).toEqual(['asc', 'desc', 'page']);
    expect(labels(at('Vms: sortby cpu_usage d'))).toEqual(['desc']);
    expect(labels(at('Vms: sortby cpu_usage desc '))).toEqual(['page']);
    expect(at('Vms: page ')).toEqual([]);
    expect(at('Vms: page 2 ')).toEqual([]);
  });

  it('offers nothing inside quotes or after text that is already wrong', () => {
    expect(at('Vms: name = "web')).toEqual([]);
    expect(at('Vms: name = "w|eb"')).toEqual([]);
    expect(at('Nope: ')).toEqual([]);
    expect(at('Vms: status > ')).toEqual([]);
  });

  it('leads, step by step, to a query that parses', () => {
    // Always take the first suggestion matching a wanted label: the result must parse.
    let text = '';
    for (const want of ['Hosts', 'Vms.', 'status', '=', 'Up', 'and', 'cpu_usage', '>=']) {
      const s = at(text).find((x) => x.label === want);
      expect(s, `${want} after "${text}"`).toBeDefined();
      if (s) text = apply(text, s);
    }
    text += '80';
    for (const want of ['sortby', 'name', 'desc', 'page']) {
      const s = at(`${text} `).find((x) => x.label === want);
      expect(s, `${want} after "${text}"`).toBeDefined();
      if (s) text = apply(`${text} `, s).trimEnd();
    }
    text += ' 2';
    expect(text).toBe('Hosts: Vms.status = Up and cpu_usage >= 80 sortby name desc page 2');
    expect(parseSearch(text).ok).toBe(true);
  });

  it('clamps a cursor outside the text', () => {
    expect(suggest('Vms: st', 99)).toEqual(suggest('Vms: st', 7));
    expect(suggest('Vms: st', -3)).toEqual(suggest('Vms: st', 0));
    expect(suggest('Vms: st', Number.NaN)).toEqual(suggest('Vms: st', 7));
  });
});
