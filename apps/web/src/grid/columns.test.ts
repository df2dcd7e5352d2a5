import { describe, expect, it } from 'vitest';
import { SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from '@corral/shared';
import {
  columnDefs,
  defaultVisibleFields,
  loadVisibleFields,
  saveVisibleFields,
  sortFromModel,
} from './columns.js';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

describe('columnDefs', () => {
  it.each(SEARCH_OBJECT_KEYS)('has one column per catalog field of %s, hidden ones off', (key) => {
    const fields = SEARCH_OBJECTS[key].fields;
    const cols = columnDefs(key, defaultVisibleFields(key));
    expect(cols.map((c) => c.colId)).toEqual(fields.map((f) => f.name));
    expect(cols.map((c) => c.headerName)).toEqual(fields.map((f) => f.label));
    expect(cols.map((c) => c.hide)).toEqual(fields.map((f) => f.hidden === true));
  });

  it('renders status, severity and percentages with their renderers', () => {
    const vm = columnDefs('vm', defaultVisibleFields('vm'));
    const byId = (id: string) => vm.find((c) => c.colId === id)!;
    expect(byId('status').cellRenderer).toBe('statusCell');
    expect(byId('cpu_usage').cellRenderer).toBe('usageCell');
    expect(byId('name').cellRenderer).toBeUndefined();
    const ev = columnDefs('event', defaultVisibleFields('event'));
    expect(ev.find((c) => c.colId === 'severity')!.cellRenderer).toBe('severityCell');
  });
});

describe('column choice', () => {
  it('starts from the catalog defaults and keeps a choice per object', () => {
    const s = new MemoryStorage();
    expect(loadVisibleFields(s, 'host')).toEqual(defaultVisibleFields('host'));
    saveVisibleFields(s, 'host', ['name', 'spm']);
    expect(loadVisibleFields(s, 'host')).toEqual(['name', 'spm']);
    expect(loadVisibleFields(s, 'vm')).toEqual(defaultVisibleFields('vm'));
  });

  it('forgets a choice equal to the defaults, and ignores unknown or broken entries', () => {
    const s = new MemoryStorage();
    saveVisibleFields(s, 'host', ['name']);
    saveVisibleFields(s, 'host', [...defaultVisibleFields('host')].reverse());
    expect(s.items.size).toBe(0);
    s.setItem('corral.columns.host', '{broken');
    expect(loadVisibleFields(s, 'host')).toEqual(defaultVisibleFields('host'));
    s.setItem('corral.columns.host', JSON.stringify(['nope', 'name']));
    expect(loadVisibleFields(s, 'host')).toEqual(['name']);
  });
});

describe('sortFromModel', () => {
  it('maps the first sorted column to the search sort', () => {
    expect(sortFromModel([{ colId: 'cpu_usage', sort: 'desc' }])).toEqual({
      field: 'cpu_usage',
      dir: 'desc',
    });
    expect(sortFromModel([])).toBeUndefined();
  });
});
