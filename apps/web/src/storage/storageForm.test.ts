import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREATABLE_STORAGE_TYPES,
  NO_ACTIVE_HOST,
  STORAGE_DOMAIN_MESSAGES,
  STORAGE_DOMAIN_TYPES,
  storageDomainCreateInput,
} from '@corral/shared';
import {
  NEW_STORAGE_DOMAIN,
  domainTypesFor,
  fieldsFor,
  hostsFor,
  joinRule,
  settle,
  storageCreateOf,
  storageTypesFor,
  volumeChoice,
  type StorageDataCenter,
  type StorageForm,
} from './storageForm.js';
import { eachDomain } from './eachDomain.js';
import { inactiveDomainsQuery, isActivatable, quoted } from './storageQueries.js';

const HOST = '0b7c3e0e-6a53-4d7e-9d36-3c6f1f7e9a10';
const DC = '5f0c8f7e-2d3b-4a61-9a3c-1e2f3a4b5c6d';
const VOL = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const form = (patch: Partial<StorageForm>): StorageForm => ({
  ...NEW_STORAGE_DOMAIN,
  name: 'data1',
  ...patch,
});

describe('storageCreateOf', () => {
  it('sends what each storage type needs, and the schema takes it', () => {
    const cases: Partial<StorageForm>[] = [
      { storageType: 'NFS', path: ' nfs.example:/export/data ', mountOptions: 'vers=4.2' },
      { storageType: 'POSIX', vfsType: 'ext4', path: '/dev/sdb1' },
      { storageType: 'POSIX', vfsType: 'cifs', path: '//filer/share' },
      { storageType: 'GlusterFS', path: 'gl1:/vmstore' },
      { storageType: 'GlusterFS', glusterVolumeId: VOL, dataCenterId: DC },
      { storageType: 'Local', path: '/data/images' },
    ];
    for (const c of cases) {
      const input = storageCreateOf(form(c), HOST);
      const parsed = storageDomainCreateInput.safeParse(input);
      expect(parsed.error?.issues ?? [], JSON.stringify(c)).toEqual([]);
    }
  });

  it('leaves out the inputs of the other storage types', () => {
    const filled = form({
      path: 'a:/b',
      vfsType: 'ext4',
      mountOptions: 'noatime',
      glusterVolumeId: VOL,
    });
    const nfs = storageCreateOf({ ...filled, storageType: 'NFS' }, HOST);
    expect(nfs).toMatchObject({ vfsType: null, glusterVolumeId: null, mountOptions: 'noatime' });
    const local = storageCreateOf({ ...filled, storageType: 'Local' }, HOST);
    expect(local).toMatchObject({ mountOptions: '', vfsType: null, glusterVolumeId: null });
    // A picked Gluster volume replaces the path.
    const gluster = storageCreateOf({ ...filled, storageType: 'GlusterFS' }, HOST);
    expect(gluster).toMatchObject({ path: '', glusterVolumeId: VOL, vfsType: null });
    expect(storageCreateOf(form({}), HOST).dataCenterId).toBeNull();
  });

  it('lets the schema say what is wrong with a path, on the path', () => {
    const input = storageCreateOf(form({ storageType: 'NFS', path: '/not/nfs' }), HOST);
    const r = storageDomainCreateInput.safeParse(input);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['path']);
  });

  it('shows the path unless a Gluster volume was picked', () => {
    for (const storageType of CREATABLE_STORAGE_TYPES) {
      expect(fieldsFor({ storageType, glusterVolumeId: '' }).path).toBe(true);
    }
    expect(fieldsFor({ storageType: 'GlusterFS', glusterVolumeId: VOL }).path).toBe(false);
    expect(fieldsFor({ storageType: 'POSIX', glusterVolumeId: '' }).vfsType).toBe(true);
    expect(fieldsFor({ storageType: 'Local', glusterVolumeId: '' }).mountOptions).toBe(false);
  });
});

describe('choices', () => {
  it('offers only Data on Local storage, and Local storage only to Local data centers', () => {
    expect(domainTypesFor('Local')).toEqual(['Data']);
    expect(domainTypesFor('NFS')).toEqual(STORAGE_DOMAIN_TYPES);
    expect(storageTypesFor('Local', 'Data')).toEqual(['Local']);
    expect(storageTypesFor('Local', 'ISO')).not.toContain('Local');
    expect(storageTypesFor('Shared', 'Data')).not.toContain('Local');
    expect(storageTypesFor(undefined, 'Data')).toEqual(CREATABLE_STORAGE_TYPES);
  });

  it('settles on a coherent form whatever is changed', () => {
    const modes = fc.constantFrom(undefined, 'Shared' as const, 'Local' as const);
    const storage = fc.constantFrom(...CREATABLE_STORAGE_TYPES);
    const domain = fc.constantFrom(...STORAGE_DOMAIN_TYPES);
    fc.assert(
      fc.property(modes, storage, domain, (mode, storageType, domainType) => {
        const s = settle(form({ storageType, domainType }), mode);
        expect(storageTypesFor(mode, s.domainType)).toContain(s.storageType);
        expect(domainTypesFor(s.storageType)).toContain(s.domainType);
      }),
    );
  });

  it('lists the chosen data center’s hosts', () => {
    const hosts = [
      { id: 'a', name: 'a', dataCenterId: 'x', cluster: 'c' },
      { id: 'b', name: 'b', dataCenterId: 'y', cluster: 'c' },
    ];
    expect(hostsFor(hosts, 'y').map((h) => h.id)).toEqual(['b']);
    expect(hostsFor(hosts, '')).toHaveLength(2);
  });

  it('offers only started Gluster volumes no domain uses yet', () => {
    const v = {
      id: VOL,
      name: 'vmstore',
      status: 'Up',
      cluster: 'c',
      path: 'gl1:/vmstore',
      usedBy: null,
    };
    expect(volumeChoice(v).disabled).toBe(false);
    expect(volumeChoice({ ...v, status: 'Down' }).reason).toMatch(/not started/);
    expect(volumeChoice({ ...v, usedBy: 'gl-data' }).reason).toMatch(/gl-data/);
    expect(volumeChoice({ ...v, path: null }).disabled).toBe(true);
  });
});

describe('joinRule', () => {
  const dc: StorageDataCenter = {
    id: DC,
    name: 'dc1',
    storageType: 'Shared',
    status: 'Up',
    iso: null,
    export: null,
    upHosts: 1,
  };
  it('says DOMAIN.md’s words for a data center without an Up host', () => {
    expect(joinRule({ domainType: 'Data', storageType: 'NFS' }, { ...dc, upHosts: 0 })).toEqual({
      allowed: false,
      reason: NO_ACTIVE_HOST,
    });
  });
  it('refuses a second ISO domain, and an ISO domain before the master is Active', () => {
    const iso = { domainType: 'ISO' as const, storageType: 'NFS' };
    expect(joinRule(iso, { ...dc, iso: 'iso1' }).reason).toBe(
      STORAGE_DOMAIN_MESSAGES.oneIso('dc1', 'iso1'),
    );
    expect(joinRule(iso, { ...dc, status: 'Uninitialized' }).reason).toBe(
      STORAGE_DOMAIN_MESSAGES.needsMaster,
    );
    expect(joinRule(iso, dc).allowed).toBe(true);
  });
});

describe('eachDomain', () => {
  const rows = [
    { id: '1', name: 'sd1' },
    { id: '2', name: 'sd2' },
  ];
  it('goes on past a refusal and says it with the domain’s name', async () => {
    const r = await eachDomain(rows, async (row) => {
      if (row.id === '2') throw new Error('The storage domain is already Active.');
      return { jobIds: ['j1'] };
    });
    expect(r).toEqual({
      jobIds: ['j1'],
      targets: ['sd1'],
      refusals: ['sd2: The storage domain is already Active.'],
    });
  });
  it('answers with the refusal when nothing went', async () => {
    await expect(
      eachDomain(rows.slice(0, 1), () => Promise.reject(new Error('No.'))),
    ).rejects.toThrow('No.');
  });
});

describe('storage queries', () => {
  it('quotes names for the search language', () => {
    expect(quoted('dc1')).toBe('"dc1"');
    expect(quoted('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(inactiveDomainsQuery('dc1')).toBe('datacenter = "dc1" sortby name');
  });
  it('activates only domains in Maintenance, Inactive or Unknown', () => {
    expect(isActivatable({ status: 'Maintenance', type: 'ISO' }, 'ISO')).toBe(true);
    expect(isActivatable({ status: 'Maintenance', type: 'Data' }, 'ISO')).toBe(false);
    expect(isActivatable({ status: 'Active', type: 'Data' }, undefined)).toBe(false);
  });
});
