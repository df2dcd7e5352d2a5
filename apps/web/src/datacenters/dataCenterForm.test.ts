import { describe, expect, it } from 'vitest';
import { dataCenterCreateInput, dataCenterUpdateInput } from '@corral/shared';
import {
  NEW_DATA_CENTER,
  dataCenterCreateOf,
  dataCenterFormOf,
  dataCenterUpdateOf,
  versionChoices,
} from './dataCenterForm.js';

const ID = '5f0c8f7e-2d3b-4a61-9a3c-1e2f3a4b5c6d';
const row = {
  id: ID,
  name: 'dc1',
  description: 'lab',
  storage_type: 'Local',
  compat_version: '4.6',
  quota_mode: 'Audit',
  clusters: 1,
};

describe('data center form', () => {
  it('starts Edit from the grid row', () => {
    expect(dataCenterFormOf(row)).toEqual({
      name: 'dc1',
      description: 'lab',
      storageType: 'Local',
      compatVersion: '4.6',
      quotaMode: 'Audit',
    });
    // A row with values it does not know starts from the defaults, not from junk.
    expect(dataCenterFormOf({ id: ID, storage_type: 'Floppy', quota_mode: 3 })).toMatchObject({
      storageType: 'Shared',
      quotaMode: 'Disabled',
    });
  });

  it('creates with every field, as the schema takes it', () => {
    const input = dataCenterCreateOf({ ...NEW_DATA_CENTER, name: 'dc2', storageType: 'Local' });
    expect(dataCenterCreateInput.parse(input)).toMatchObject({ name: 'dc2', storageType: 'Local' });
    const bad = dataCenterCreateInput.safeParse(dataCenterCreateOf(NEW_DATA_CENTER));
    expect(new Set(bad.error?.issues.map((i) => i.path.join('.')))).toEqual(new Set(['name']));
  });

  it('edits only what changed', () => {
    const before = dataCenterFormOf(row);
    expect(dataCenterUpdateOf(ID, before, before)).toEqual({ id: ID });
    const after = { ...before, description: 'prod', quotaMode: 'Enforced' as const };
    const input = dataCenterUpdateOf(ID, before, after);
    expect(input).toEqual({ id: ID, description: 'prod', quotaMode: 'Enforced' });
    expect(dataCenterUpdateInput.safeParse(input).success).toBe(true);
    // Spaces around an unchanged name are not a rename.
    expect(dataCenterUpdateOf(ID, before, { ...before, name: ' dc1 ' })).toEqual({ id: ID });
  });

  it('offers the data center’s own version even when it is not one of oVirt’s', () => {
    expect(versionChoices('4.7')).not.toContain('3.6');
    expect(versionChoices('3.6')).toContain('3.6');
  });
});
