import { describe, expect, it } from 'vitest';
import { SEARCH_OBJECTS } from '@corral/shared';
import { formatFieldValue } from '../grid/format.js';
import { formatItem, generalItems, objectTitle, tabColumns, tabRowObject } from './detailModel.js';

const hostRow = {
  id: 'h1',
  name: 'rhev-1',
  status: 'Up',
  memory: 65_536,
  cluster_id: 'c1',
  kvm_version: '8.2',
};

describe('generalItems', () => {
  const items = generalItems('host', hostRow);

  it('labels catalog fields as the catalog does, in its order', () => {
    const catalog = SEARCH_OBJECTS.host.fields.filter((f) => f.name in hostRow);
    expect(items.slice(0, catalog.length).map((i) => i.label)).toEqual(catalog.map((f) => f.label));
  });

  it('shows extra detail fields humanised and hides ids', () => {
    expect(items.map((i) => i.key)).toContain('kvm_version');
    expect(items.find((i) => i.key === 'kvm_version')!.label).toBe('Kvm Version');
    expect(items.map((i) => i.key)).not.toContain('id');
    expect(items.map((i) => i.key)).not.toContain('cluster_id');
  });

  it('formats a catalog field by its type and unit', () => {
    const mem = items.find((i) => i.key === 'memory')!;
    expect(formatItem(mem)).toBe(formatFieldValue(mem.field!, hostRow.memory));
  });
});

describe('tabColumns', () => {
  it('uses the listed object’s labels and keeps unknown keys after them', () => {
    const rows = [
      { id: 'v1', mac: '52:54:00:aa', name: 'web-1', status: 'Up' },
      { id: 'v2', name: 'db-1', status: 'Down', extra_flag: true },
    ];
    const cols = tabColumns('host', 'vms', rows);
    const vmFields = SEARCH_OBJECTS.vm.fields;
    expect(cols.map((c) => c.key)).toEqual(['name', 'status', 'mac', 'extra_flag']);
    expect(cols[0]!.label).toBe(vmFields.find((f) => f.name === 'name')!.label);
    expect(cols[2]!.label).toBe('MAC');
  });

  it('does not take a disk’s volume chain for Gluster volumes', () => {
    expect(tabRowObject('disk', 'volumes')).toBeUndefined();
    expect(tabRowObject('cluster', 'volumes')).toBe('volume');
  });
});

describe('objectTitle', () => {
  it('names the object by its name, or what stands for it', () => {
    expect(objectTitle('host', hostRow)).toBe(hostRow.name);
    const event = { id: 'e1', severity: 'Normal', message: 'VM web-1 started.' };
    expect(objectTitle('event', event)).toBe(event.message);
    expect(objectTitle('job', { id: 'j1', description: 'Migrating VM' })).toBe('Migrating VM');
    expect(objectTitle('event', { id: 'e2', severity: 'Normal' })).toBe('e2');
  });
});
