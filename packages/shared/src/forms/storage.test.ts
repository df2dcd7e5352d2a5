import { describe, expect, it } from 'vitest';
import { clusterCreateInput, clusterUpdateInput, CLUSTER_SERVICES_MESSAGE } from './cluster.js';
import { compareVersions, dataCenterCreateInput, dataCenterUpdateInput } from './dataCenter.js';
import {
  splitCifsPath,
  splitGlusterPath,
  splitServerPath,
  storageDomainCreateInput,
  storageDomainRemoveInput,
  STORAGE_FORM_MESSAGES,
} from './storage.js';

const id = '0b0f3c1e-5d2a-4e8b-9a61-2f4c7d9e1a30';
const hostId = '7d4f8d4e-1c3b-4f7a-8e2d-5b6a9c0d1e2f';

/** The first message zod gives per field: what a dialog shows under it. */
function fieldErrors(
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  input: unknown,
): Record<string, string> {
  const r = schema.safeParse(input);
  const out: Record<string, string> = {};
  if (r.success) return out;
  for (const i of r.error!.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

describe('New / Edit Data Center', () => {
  it('fills oVirt’s defaults: Shared storage, the newest compatibility version, quota off', () => {
    expect(dataCenterCreateInput.parse({ name: ' Default ' })).toEqual({
      name: 'Default',
      description: '',
      storageType: 'Shared',
      compatVersion: '4.7',
      quotaMode: 'Disabled',
    });
  });

  it('puts each bad value’s message on its field', () => {
    expect(
      fieldErrors(dataCenterCreateInput, {
        name: 'my dc',
        storageType: 'iSCSI',
        compatVersion: '3.6',
        quotaMode: 'On',
      }),
    ).toEqual({
      name: "A data center name may contain only letters, digits, '-' and '_'.",
      storageType: 'A data center uses Shared or Local storage.',
      compatVersion: 'Choose a compatibility version (4.2, 4.3, 4.4, 4.5, 4.6, 4.7).',
      quotaMode: 'Quota mode is Disabled, Audit or Enforced.',
    });
    expect(fieldErrors(dataCenterCreateInput, { name: '' })).toEqual({
      name: 'A data center needs a name.',
    });
    expect(fieldErrors(dataCenterCreateInput, { name: 'x'.repeat(41) }).name).toMatch(/at most 40/);
  });

  it('edits only what is given', () => {
    expect(dataCenterUpdateInput.parse({ id, quotaMode: 'Audit' })).toEqual({
      id,
      quotaMode: 'Audit',
    });
    expect(fieldErrors(dataCenterUpdateInput, { id: 'nope' })).toEqual({
      id: 'Choose a data center.',
    });
  });

  it('orders compatibility versions numerically', () => {
    expect(compareVersions('4.10', '4.7')).toBeGreaterThan(0);
    expect(compareVersions('4.6', '4.7')).toBeLessThan(0);
    expect(compareVersions('4.7', '4.7')).toBe(0);
  });
});

describe('New / Edit Cluster', () => {
  const dataCenterId = id;

  it('fills the defaults: virt only, 100 % memory, minimal downtime', () => {
    expect(clusterCreateInput.parse({ dataCenterId, name: 'Default' })).toEqual({
      dataCenterId,
      name: 'Default',
      description: '',
      virtService: true,
      glusterService: false,
      cpuType: 'Intel Skylake Server Family',
      compatVersion: '4.7',
      memOvercommit: 100,
      migrationPolicy: 'Minimal downtime',
      fencingEnabled: true,
    });
  });

  it('needs at least one service, said on the services row', () => {
    expect(
      fieldErrors(clusterCreateInput, {
        dataCenterId,
        name: 'c',
        virtService: false,
        glusterService: false,
      }),
    ).toEqual({ services: CLUSTER_SERVICES_MESSAGE });
    expect(
      clusterCreateInput.parse({
        dataCenterId,
        name: 'c',
        virtService: false,
        glusterService: true,
      }).glusterService,
    ).toBe(true);
    expect(
      fieldErrors(clusterUpdateInput, { id, virtService: false, glusterService: false }),
    ).toEqual({ services: CLUSTER_SERVICES_MESSAGE });
    // One of the two alone is judged against the stored other by the engine.
    expect(clusterUpdateInput.safeParse({ id, virtService: false }).success).toBe(true);
  });

  it('takes only oVirt’s overcommit steps, CPU types and migration policies', () => {
    expect(
      fieldErrors(clusterCreateInput, {
        dataCenterId,
        name: 'c',
        memOvercommit: 120,
        cpuType: 'Pentium',
        migrationPolicy: 'Fast',
      }),
    ).toEqual({
      memOvercommit: 'Memory overcommit is 100 %, 150 % or 200 %.',
      cpuType: 'Choose a CPU type.',
      migrationPolicy:
        'Choose a migration policy (Minimal downtime, Post-copy migration, Suspend workload if needed, Legacy).',
    });
    for (const m of [100, 150, 200])
      expect(
        clusterCreateInput.parse({ dataCenterId, name: 'c', memOvercommit: m }).memOvercommit,
      ).toBe(m);
  });
});

describe('New Domain', () => {
  const base = { name: 'data1', hostId };

  it('accepts each storage type with its kind of path', () => {
    expect(
      storageDomainCreateInput.parse({
        ...base,
        storageType: 'NFS',
        path: ' nfs.example.com:/exports/data ',
      }),
    ).toEqual({
      name: 'data1',
      hostId,
      description: '',
      domainType: 'Data',
      storageType: 'NFS',
      path: 'nfs.example.com:/exports/data',
      mountOptions: '',
    });
    for (const path of ['gl1:/vmstore', 'gl1:vmstore', '10.0.0.5:/vm-store.1'])
      expect(
        storageDomainCreateInput.safeParse({ ...base, storageType: 'GlusterFS', path }).success,
      ).toBe(true);
    expect(
      storageDomainCreateInput.safeParse({
        ...base,
        storageType: 'POSIX',
        vfsType: 'glusterfs',
        path: 'gl1:/vmstore',
        mountOptions: 'backup-volfile-servers=gl2:gl3,log-level=WARNING',
      }).success,
    ).toBe(true);
    expect(
      storageDomainCreateInput.safeParse({
        ...base,
        storageType: 'POSIX',
        vfsType: 'xfs',
        path: '/dev/sdb1',
      }).success,
    ).toBe(true);
    expect(
      storageDomainCreateInput.safeParse({
        ...base,
        storageType: 'POSIX',
        vfsType: 'cifs',
        path: '//srv/share',
      }).success,
    ).toBe(true);
    expect(
      storageDomainCreateInput.safeParse({ ...base, storageType: 'Local', path: '/data/images' })
        .success,
    ).toBe(true);
    // A GlusterFS domain may name its volume instead of a path.
    expect(
      storageDomainCreateInput.safeParse({ ...base, storageType: 'GlusterFS', glusterVolumeId: id })
        .success,
    ).toBe(true);
  });

  it('says on the path field what that storage type’s path looks like', () => {
    const path = (input: Record<string, unknown>) =>
      fieldErrors(storageDomainCreateInput, { ...base, ...input }).path;
    expect(path({ storageType: 'NFS', path: '/exports/data' })).toBe(STORAGE_FORM_MESSAGES.nfsPath);
    expect(path({ storageType: 'NFS', path: 'srv:/a b' })).toBe(STORAGE_FORM_MESSAGES.nfsPath);
    expect(path({ storageType: 'GlusterFS', path: 'gl1:/a/b' })).toBe(
      STORAGE_FORM_MESSAGES.glusterPath,
    );
    expect(path({ storageType: 'GlusterFS' })).toBe(STORAGE_FORM_MESSAGES.glusterPathOrVolume);
    expect(path({ storageType: 'Local', path: 'data' })).toBe(STORAGE_FORM_MESSAGES.localPath);
    expect(path({ storageType: 'Local', path: '/' })).toBe(STORAGE_FORM_MESSAGES.localPath);
    expect(path({ storageType: 'Local', path: '/data/../etc' })).toBe(
      STORAGE_FORM_MESSAGES.localPath,
    );
    expect(path({ storageType: 'POSIX', vfsType: 'nfs4', path: '/dev/sdb' })).toBe(
      STORAGE_FORM_MESSAGES.posixNetworkPath,
    );
    expect(path({ storageType: 'POSIX', vfsType: 'cifs', path: 'srv:/share' })).toBe(
      STORAGE_FORM_MESSAGES.cifsPath,
    );
    expect(path({ storageType: 'POSIX', vfsType: 'ext4', path: 'srv:/x' })).toBe(
      STORAGE_FORM_MESSAGES.posixDevicePath,
    );
  });

  it('refuses what a storage type does not take, each on its field', () => {
    expect(
      fieldErrors(storageDomainCreateInput, {
        ...base,
        storageType: 'POSIX',
        path: 'srv:/x',
        vfsType: 'zfs',
      }),
    ).toEqual({ vfsType: STORAGE_FORM_MESSAGES.posixVfs });
    expect(
      fieldErrors(storageDomainCreateInput, {
        ...base,
        storageType: 'Local',
        domainType: 'ISO',
        path: '/isos',
        mountOptions: 'noatime',
      }),
    ).toEqual({
      domainType: STORAGE_FORM_MESSAGES.localData,
      mountOptions: STORAGE_FORM_MESSAGES.localOptions,
    });
    expect(
      fieldErrors(storageDomainCreateInput, {
        ...base,
        storageType: 'NFS',
        path: 'srv:/x',
        mountOptions: 'vers=4;reboot',
        glusterVolumeId: id,
      }),
    ).toEqual({
      mountOptions: STORAGE_FORM_MESSAGES.mountOptions,
      glusterVolumeId: STORAGE_FORM_MESSAGES.glusterVolumeOnly,
    });
    expect(
      fieldErrors(storageDomainCreateInput, { ...base, storageType: 'iSCSI', path: 'x' })
        .storageType,
    ).toBe('Corral creates NFS, POSIX, GlusterFS and Local storage domains.');
    expect(
      fieldErrors(storageDomainCreateInput, { name: 'a b', storageType: 'NFS', path: 's:/x' }),
    ).toEqual({
      name: "A storage domain name may contain only letters, digits, '-', '_' and '.'.",
      hostId: 'Choose the host to use.',
    });
  });

  it('splits server paths', () => {
    expect(splitServerPath('nfs1:/exports/data')).toEqual({
      server: 'nfs1',
      path: '/exports/data',
    });
    expect(splitServerPath('[fd00::5]:/x')).toEqual({ server: '[fd00::5]', path: '/x' });
    expect(splitServerPath('/exports')).toBeUndefined();
    expect(splitGlusterPath('gl1:/vmstore')).toEqual({ server: 'gl1', volume: 'vmstore' });
    expect(splitGlusterPath('gl1:vmstore')).toEqual({ server: 'gl1', volume: 'vmstore' });
    expect(splitCifsPath('//srv/share')).toEqual({ server: 'srv', share: 'share' });
  });

  it('removes without formatting unless asked', () => {
    expect(storageDomainRemoveInput.parse({ id })).toEqual({ id, format: false });
  });
});
