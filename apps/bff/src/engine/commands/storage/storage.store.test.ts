// Storage domains on the real simulated host driver (whose hosts share simulated
// storage servers), on PGlite and PostgreSQL: every command as a job, the pools each
// host ends up with, master election, one ISO and one Export per data center, refusals
// with their field changing nothing, failures putting the store back, new disks as
// volumes in their domain's pool, and monitoring of the space.
import {
  storageDomainCreateInput,
  vmCreateInput,
  type StorageDomainCreateInput,
} from '@corral/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitoring/index.js';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import type { JobResult } from '../../jobs.js';
import type { Started } from '../common.js';
import { apiOf, badInput, refused } from '../data-center/testing.js';
import { addTestHost, type TestHost } from '../../testing/fleet.js';
import { engineHarness, type EngineHarness } from '../../testing/engine.js';
import { activateHost } from '../host/activate.js';
import { addHost } from '../host/add.js';
import { setMaintenance } from '../host/maintenance.js';
import { cloneVm } from '../vm/clone.js';
import { createVm } from '../vm/create.js';
import { makeTemplate } from '../vm/make-template.js';
import { createSnapshot } from '../vm/snapshot-create.js';
import { activateStorageDomain } from './activate.js';
import { attachStorageDomain } from './attach.js';
import { createStorageDomain } from './create.js';
import { detachStorageDomain } from './detach.js';
import { maintenanceStorageDomain } from './maintenance.js';
import { removeStorageDomain } from './remove.js';

const actor = { userName: 'admin@internal' };
type Api = ReturnType<typeof apiOf>;

async function finished(s: Started | Promise<Started>): Promise<void> {
  const results = await (await s).done;
  expect(results.map((r) => (r.status === 'Failed' ? r.error : r.status))).toEqual(
    results.map(() => 'Finished'),
  );
}

/** The jobs' ends, read from the store as the portal would see them. */
let waitJobs: (ids: readonly string[]) => Promise<JobResult<unknown>[]>;

async function failed(s: Started | Promise<Started>): Promise<string> {
  const [r] = await (await s).done;
  expect(r?.status).toBe('Failed');
  return r?.status === 'Failed' ? r.error : '';
}

interface World {
  dc: string;
  cluster: string;
  h1: TestHost;
  h2: TestHost;
}

describe.each(STORE_BACKENDS)('storage domains on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  let w: World;

  const domain = async (id: string) =>
    (
      await h.db.query<{
        status: string;
        is_master: boolean;
        data_center_id: string | null;
        target: string | null;
        total_gb: number;
        used_gb: number;
      }>(
        `SELECT status, is_master, data_center_id, target, total_gb, used_gb FROM storage_domain WHERE id = $1`,
        [id],
      )
    )[0];
  const dcStatus = async (id: string) =>
    (await h.db.query<{ status: string }>(`SELECT status FROM data_center WHERE id = $1`, [id]))[0]
      ?.status;
  const create = (input: Partial<StorageDomainCreateInput> & { name: string }) =>
    createStorageDomain(
      h.deps,
      actor,
      storageDomainCreateInput.parse({
        storageType: 'NFS',
        path: `nfs1.example.com:/exports/${input.name}`,
        hostId: w.h1.id,
        ...input,
      }),
    );
  const make = async (input: Partial<StorageDomainCreateInput> & { name: string }) => {
    const s = await create(input);
    await finished(s);
    return s.id;
  };

  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
    waitJobs = async (ids) => {
      await expect
        .poll(
          async () =>
            (await api.job.recent({ limit: 100 })).filter(
              (j) => ids.includes(j.id) && j.status !== 'Started',
            ).length,
          { timeout: 10_000, interval: 50 },
        )
        .toBe(ids.length);
      const jobs = (await api.job.recent({ limit: 100 })).filter((j) => ids.includes(j.id));
      return jobs.map((j) =>
        j.status === 'Finished'
          ? { status: 'Finished' as const, value: undefined }
          : { status: 'Failed' as const, error: j.error ?? j.status, step: null },
      );
    };
    const dc = await api.dataCenter.create({ name: 'DC1' });
    const cluster = await api.cluster.create({ dataCenterId: dc.id, name: 'C1' });
    w = {
      dc: dc.id,
      cluster: cluster.id,
      h1: await addTestHost(h.db, cluster.id, { name: 'h1' }),
      h2: await addTestHost(h.db, cluster.id, { name: 'h2' }),
    };
  });
  afterEach(() => h.close());

  it('creates an Unattached domain through one host, which lets go of it again', async () => {
    const s = await create({ name: 'data1' });
    // Locked while the job runs (a fast one may be done already).
    expect(['Locked', 'Unattached']).toContain((await domain(s.id))?.status);
    await finished(s);
    expect(await domain(s.id)).toEqual({
      status: 'Unattached',
      is_master: false,
      data_center_id: null,
      target: `/var/lib/corral/mnt/${s.id}`,
      total_gb: 2048,
      used_gb: 0,
    });
    expect(h.sim.poolsOf(w.h1.id)).toEqual([]);
    const steps = await h.db.query<{ description: string; status: string }>(
      `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
      [s.jobIds[0]],
    );
    expect(steps).toEqual([
      { description: 'Connecting the storage on Host h1', status: 'Finished' },
      { description: 'Disconnecting the storage', status: 'Finished' },
    ]);
    const [e] = await h.db.query<{ message: string; storage_domain_name: string }>(
      `SELECT message, storage_domain_name FROM audit_event WHERE code = 'USER_ADD_STORAGE_DOMAIN'`,
    );
    expect(e).toEqual({
      message:
        'Storage Domain data1 (Data, NFS nfs1.example.com:/exports/data1) was added by admin@internal.',
      storage_domain_name: 'data1',
    });
  });

  it('makes the first Data domain attached the master, connected on every Up host', async () => {
    expect(await dcStatus(w.dc)).toBe('Uninitialized');
    const first = await make({ name: 'data1', dataCenterId: w.dc });
    expect(await domain(first)).toMatchObject({
      status: 'Active',
      is_master: true,
      data_center_id: w.dc,
    });
    expect(await dcStatus(w.dc)).toBe('Up');
    expect(h.sim.poolsOf(w.h1.id)).toEqual([first]);
    expect(h.sim.poolsOf(w.h2.id)).toEqual([first]);
    const second = await make({ name: 'data2', dataCenterId: w.dc });
    expect(await domain(second)).toMatchObject({ status: 'Active', is_master: false });

    // Attaching an Unattached one: connected, Active, not master.
    const third = await make({ name: 'data3' });
    await finished(attachStorageDomain(h.deps, actor, { id: third, dataCenterId: w.dc }));
    expect(await domain(third)).toMatchObject({
      status: 'Active',
      is_master: false,
      data_center_id: w.dc,
    });
    expect(h.sim.poolsOf(w.h2.id).sort()).toEqual([first, second, third].sort());
    const events = await h.db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE storage_domain_id = $1 ORDER BY id`,
      [third],
    );
    expect(events.map((e) => e.code)).toEqual([
      'USER_ADD_STORAGE_DOMAIN',
      'USER_ATTACH_STORAGE_DOMAIN_TO_POOL',
    ]);
  });

  it('takes one ISO and one Export domain per data center, after the master', async () => {
    const iso = await make({ name: 'iso1', domainType: 'ISO' });
    expect(
      await refused(h.db, () => api.storage.attach({ id: iso, dataCenterId: w.dc })),
    ).toMatchObject({
      message:
        'ISO and Export domains need an active Data domain (the master) in the data center; attach or activate one first.',
      field: 'dataCenterId',
    });
    await make({ name: 'data1', dataCenterId: w.dc });
    await finished(attachStorageDomain(h.deps, actor, { id: iso, dataCenterId: w.dc }));
    expect(await domain(iso)).toMatchObject({ status: 'Active', is_master: false });

    const iso2 = await make({ name: 'iso2', domainType: 'ISO' });
    expect(await refused(h.db, () => api.storage.attach({ id: iso2, dataCenterId: w.dc }))).toEqual(
      {
        code: 'PRECONDITION_FAILED',
        message: 'Data Center DC1 already has an ISO domain (iso1); a data center has at most one.',
        field: 'dataCenterId',
      },
    );
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'iso3',
          domainType: 'ISO',
          storageType: 'NFS',
          path: 'nfs1:/iso3',
          hostId: w.h1.id,
          dataCenterId: w.dc,
        }),
      ),
    ).toMatchObject({
      message: 'Data Center DC1 already has an ISO domain (iso1); a data center has at most one.',
      field: 'dataCenterId',
    });
    // An Export domain is another matter, once.
    await make({ name: 'export1', domainType: 'Export', dataCenterId: w.dc });
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'export2',
          domainType: 'Export',
          storageType: 'NFS',
          path: 'nfs1:/export2',
          hostId: w.h1.id,
          dataCenterId: w.dc,
        }),
      ),
    ).toMatchObject({
      message:
        'Data Center DC1 already has an Export domain (export1); a data center has at most one.',
    });
    const options = await api.storage.formOptions({ dataCenterId: w.dc });
    expect(options.dataCenters.find((d) => d.id === w.dc)).toMatchObject({
      iso: 'iso1',
      export: 'export1',
      upHosts: 2,
    });
    expect(options.hosts.map((x) => x.name)).toEqual(['h1', 'h2']);
    expect(options.unattached.map((d) => d.name)).toEqual(['iso2']);
  });

  it('needs an Up host: to prepare a domain, and in the data center to attach or activate', async () => {
    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE id = $1`, [w.h1.id]);
    expect(
      await refused(h.db, () =>
        api.storage.create({ name: 'd', storageType: 'NFS', path: 'srv:/d', hostId: w.h1.id }),
      ),
    ).toEqual({
      code: 'PRECONDITION_FAILED',
      message: 'Host h1 is Maintenance; the storage is prepared through an Up host.',
      field: 'hostId',
    });
    const free = await make({ name: 'free', hostId: w.h2.id });
    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE id = $1`, [w.h2.id]);
    expect((await api.storage.actions({ ids: [free] }))[free]!.attach.allowed).toBe(true);
    expect(
      await refused(h.db, () => api.storage.attach({ id: free, dataCenterId: w.dc })),
    ).toMatchObject({
      message: 'There should be at least one active host in the data center.',
      field: 'dataCenterId',
    });
    // A host of another data center does not prepare a domain for this one.
    const other = await api.dataCenter.create({ name: 'DC2' });
    const oc = await api.cluster.create({ dataCenterId: other.id, name: 'C2' });
    const stranger = await addTestHost(h.db, oc.id, { name: 'stranger' });
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'd2',
          storageType: 'NFS',
          path: 'srv:/d2',
          hostId: stranger.id,
          dataCenterId: w.dc,
        }),
      ),
    ).toMatchObject({
      message: 'Host stranger is not in Data Center DC1; use one of its hosts.',
      field: 'hostId',
    });
  });

  it('refuses a taken name or storage location, and bad paths, on their fields', async () => {
    await make({ name: 'data1', path: 'nfs1:/exports/data1/' });
    expect(
      await refused(h.db, () =>
        api.storage.create({ name: 'DATA1', storageType: 'NFS', path: 'nfs1:/x', hostId: w.h1.id }),
      ),
    ).toMatchObject({ message: 'A storage domain named DATA1 already exists.', field: 'name' });
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'again',
          storageType: 'NFS',
          path: 'nfs1:/exports/data1',
          hostId: w.h1.id,
        }),
      ),
    ).toMatchObject({
      message: 'Storage domain data1 already uses nfs1:/exports/data1.',
      field: 'path',
    });
    expect(
      await badInput(() =>
        api.storage.create({ name: 'x', storageType: 'NFS', path: '/exports/x', hostId: w.h1.id }),
      ),
    ).toEqual({ path: ['An NFS path looks like server:/export.'] });
    expect(
      await badInput(() =>
        api.storage.create({ name: 'x', storageType: 'POSIX', path: 'srv:/x', hostId: w.h1.id }),
      ),
    ).toEqual({
      vfsType: [
        'A POSIX domain needs its VFS type: nfs, nfs4, glusterfs, cifs, ext2, ext3, ext4, xfs, gfs2, ocfs2, vfat.',
      ],
    });
  });

  it('moves the master on maintenance, and keeps the last one until ISO/Export leave', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const d2 = await make({ name: 'data2', dataCenterId: w.dc });
    const iso = await make({ name: 'iso', domainType: 'ISO', dataCenterId: w.dc });

    await finished(maintenanceStorageDomain(h.deps, actor, { id: d1 }));
    expect(await domain(d1)).toMatchObject({ status: 'Maintenance', is_master: false });
    expect(await domain(d2)).toMatchObject({ status: 'Active', is_master: true });
    expect(h.sim.poolsOf(w.h1.id).sort()).toEqual([d2, iso].sort());
    const [moved] = await h.db.query<{ message: string }>(
      `SELECT message FROM audit_event WHERE code = 'STORAGE_DOMAIN_MASTER' ORDER BY id DESC LIMIT 1`,
    );
    expect(moved?.message).toBe('Storage Domain data2 is the master of Data Center DC1.');
    expect(await dcStatus(w.dc)).toBe('Up');

    expect(await refused(h.db, () => api.storage.maintenance({ id: d2 }))).toMatchObject({
      message:
        "The master domain goes to Maintenance last; move the data center's ISO and Export domains to Maintenance first.",
    });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: iso }));
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d2 }));
    expect(await domain(d2)).toMatchObject({ status: 'Maintenance', is_master: true });
    expect(await dcStatus(w.dc)).toBe('Maintenance');
    expect(h.sim.poolsOf(w.h1.id)).toEqual([]);

    // The ISO domain waits for a master; activating a non-master Data domain makes it one.
    expect((await api.storage.actions({ ids: [iso] }))[iso]!.activate.reason).toBe(
      'ISO and Export domains need an active Data domain (the master) in the data center; attach or activate one first.',
    );
    await finished(activateStorageDomain(h.deps, actor, { id: d1 }));
    expect(await domain(d1)).toMatchObject({ status: 'Active', is_master: true });
    expect(await domain(d2)).toMatchObject({ status: 'Maintenance', is_master: false });
    expect(await dcStatus(w.dc)).toBe('Up');
    expect(h.sim.poolsOf(w.h2.id)).toEqual([d1]);
    await finished(activateStorageDomain(h.deps, actor, { id: iso }));
    expect(await domain(iso)).toMatchObject({ status: 'Active' });
  });

  it('keeps a domain Active while VMs that are not Down have disks on it', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const vm = await createVm(
      h.deps,
      actor,
      vmCreateInput.parse({
        clusterId: w.cluster,
        name: 'web-01',
        description: '',
        ha: false,
        disks: [{ sizeGb: 10, storageDomainId: d1, interface: 'VirtIO', format: 'COW' }],
        nics: [],
      }),
    );
    await finished(vm);
    await h.db.query(`UPDATE vm SET status = 'Up', host_id = $2 WHERE id = $1`, [vm.id, w.h1.id]);
    expect(await refused(h.db, () => api.storage.maintenance({ id: d1 }))).toMatchObject({
      message: 'The storage domain holds disks of VMs that are not Down (web-01); stop them first.',
    });
    await h.db.query(`UPDATE vm SET status = 'Down', host_id = NULL WHERE id = $1`, [vm.id]);
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d1 }));
    expect((await api.storage.actions({ ids: [d1] }))[d1]!.remove).toEqual({
      allowed: false,
      reason: 'The storage domain holds 1 disk; remove or move it first.',
    });
  });

  it('creates new disks as volumes in their domain’s pool', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const vm = await createVm(
      h.deps,
      actor,
      vmCreateInput.parse({
        clusterId: w.cluster,
        name: 'db-01',
        description: '',
        ha: false,
        disks: [
          { sizeGb: 10, storageDomainId: d1, interface: 'VirtIO', format: 'COW' },
          { sizeGb: 20, storageDomainId: d1, interface: 'VirtIO', format: 'RAW' },
        ],
        nics: [],
      }),
    );
    await finished(vm);
    const disks = await h.db.query<{ id: string; path: string; format: string }>(
      `SELECT d.id, v.path, d.format FROM disk d JOIN disk_volume v ON v.disk_id = d.id
         JOIN vm_disk vd ON vd.disk_id = d.id WHERE vd.vm_id = $1 ORDER BY d.format`,
      [vm.id],
    );
    const [cow, raw] = disks;
    expect(cow!.path).toBe(`/var/lib/corral/mnt/${d1}/${cow!.id}.qcow2`);
    expect(raw!.path).toBe(`/var/lib/corral/mnt/${d1}/${raw!.id}.raw`);
    expect(h.sim.volumesOf(w.h1.id, d1)).toEqual([`${cow!.id}.qcow2`, `${raw!.id}.raw`].sort());
    // The preallocated one takes its size at once.
    expect(
      (await (await h.deps.hosts.get({ ...w.h1, address: 'h1', driver: 'sim' })).listPools())[0],
    ).toMatchObject({ allocationGb: 20 });
  });

  it('keeps templates, clones and snapshot layers in the pool of their domain', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const vm = await createVm(
      h.deps,
      actor,
      vmCreateInput.parse({
        clusterId: w.cluster,
        name: 'src',
        description: '',
        ha: false,
        disks: [{ sizeGb: 5, storageDomainId: d1, interface: 'VirtIO', format: 'COW' }],
        nics: [],
      }),
    );
    await finished(vm);
    const dir = `/var/lib/corral/mnt/${d1}`;
    const snap = await createSnapshot(h.deps, actor, { id: vm.id, description: 'before' });
    await finished(snap);
    const template = await makeTemplate(h.deps, actor, { id: vm.id, name: 'tpl' });
    await finished(template);
    const clone = await cloneVm(h.deps, actor, { id: vm.id, name: 'src-clone' });
    await finished(clone);
    const fromTemplate = await createVm(
      h.deps,
      actor,
      vmCreateInput.parse({
        clusterId: w.cluster,
        templateId: template.templateId,
        name: 'from-tpl',
        description: '',
        ha: false,
        disks: [],
        nics: [],
      }),
    );
    await finished(fromTemplate);
    const paths = await h.db.query<{ path: string; disk_id: string }>(
      `SELECT v.path, v.disk_id FROM disk_volume v JOIN disk d ON d.id = v.disk_id
        WHERE d.storage_domain_id = $1 ORDER BY v.created_at`,
      [d1],
    );
    // Source base, its snapshot layer, the template's, the clone's and the new VM's bases.
    expect(paths).toHaveLength(5);
    for (const p of paths) expect(p.path.startsWith(`${dir}/${p.disk_id}`)).toBe(true);
    expect(paths.filter((p) => p.path.includes('-snap-'))).toHaveLength(1);
  });

  it('detaches and removes within the rules; the master leaves last', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const d2 = await make({ name: 'data2', dataCenterId: w.dc });
    expect(await refused(h.db, () => api.storage.detach({ id: d2 }))).toMatchObject({
      message: 'A storage domain must be in Maintenance to be detached.',
    });
    expect(await refused(h.db, () => api.storage.remove({ id: d2 }))).toMatchObject({
      message: 'A storage domain must be Unattached or in Maintenance to be removed.',
    });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d2 }));
    await finished(detachStorageDomain(h.deps, actor, { id: d2 }));
    expect(await domain(d2)).toMatchObject({ status: 'Unattached', data_center_id: null });

    await finished(maintenanceStorageDomain(h.deps, actor, { id: d1 }));
    const d3 = await make({ name: 'data3' });
    await h.db.query(`UPDATE host SET status = 'Up'`);
    // d1 is master in Maintenance, alone: it may go; the data center is Uninitialized again.
    await finished(detachStorageDomain(h.deps, actor, { id: d1 }));
    expect(await domain(d1)).toMatchObject({ status: 'Unattached', is_master: false });
    expect(await dcStatus(w.dc)).toBe('Uninitialized');

    // Formatting deletes what Corral left there.
    await finished(attachStorageDomain(h.deps, actor, { id: d3, dataCenterId: w.dc }));
    const conn = await h.deps.hosts.get({ ...w.h1, address: 'h1', driver: 'sim' });
    await conn.createVolume(d3, {
      name: 'leftover.qcow2',
      format: 'qcow2',
      sizeGb: 1,
      preallocated: false,
    });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d3 }));
    await finished(removeStorageDomain(h.deps, actor, { id: d3, format: true }));
    expect(await domain(d3)).toBeUndefined();
    expect(await dcStatus(w.dc)).toBe('Uninitialized');
    expect(h.sim.volumesOf(w.h1.id, d3)).toEqual([]);
    expect(h.sim.poolsOf(w.h1.id)).toEqual([]);
    await finished(removeStorageDomain(h.deps, actor, { id: d2, format: false }));
    expect(await domain(d2)).toBeUndefined();
    const [e] = await h.db.query<{ message: string; storage_domain_name: string }>(
      `SELECT message, storage_domain_name FROM audit_event WHERE code = 'USER_REMOVE_STORAGE_DOMAIN' AND storage_domain_id = $1`,
      [d3],
    );
    expect(e).toEqual({
      message: 'Storage Domain data3 was removed by admin@internal (formatted).',
      storage_domain_name: 'data3',
    });
  });

  it('refuses to detach a master while other domains are attached', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const d2 = await make({ name: 'data2', dataCenterId: w.dc });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d2 }));
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d1 }));
    expect(await domain(d1)).toMatchObject({ is_master: true, status: 'Maintenance' });
    const rule =
      "The master domain leaves its data center last; detach the data center's other storage domains first.";
    expect(await refused(h.db, () => api.storage.detach({ id: d1 }))).toMatchObject({
      message: rule,
    });
    expect(await refused(h.db, () => api.storage.remove({ id: d1 }))).toMatchObject({
      message: rule,
    });
  });

  it('puts the store back when the storage cannot be reached', async () => {
    h.sim.failStorageSource('nfs1.example.com:/exports/data1', 'mount.nfs: Connection timed out');
    const error = await failed(create({ name: 'data1', dataCenterId: w.dc }));
    expect(error).toBe(
      'Storage domain data1 could not be connected. Host h1: host h1 cannot mount nfs1.example.com:/exports/data1 for storage domain data1: mount.nfs: Connection timed out',
    );
    expect(await h.db.query(`SELECT 1 FROM storage_domain`)).toEqual([]);
    expect(await dcStatus(w.dc)).toBe('Uninitialized');
    h.sim.recoverStorageSource('nfs1.example.com:/exports/data1');

    // Activation failing on one host: back to Maintenance, connected nowhere.
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d1 }));
    h.sim.failStorageSource('nfs1.example.com:/exports/data1');
    expect(await failed(activateStorageDomain(h.deps, actor, { id: d1 }))).toMatch(
      /could not be connected\. Host h1: .* Host h2: /,
    );
    expect(await domain(d1)).toMatchObject({ status: 'Maintenance', is_master: true });
    expect(h.sim.poolsOf(w.h1.id)).toEqual([]);
    const [jobFailed] = await h.db.query<{ severity: string; storage_domain_name: string }>(
      `SELECT severity, storage_domain_name FROM audit_event WHERE code = 'JOB_FAILED' ORDER BY id DESC LIMIT 1`,
    );
    expect(jobFailed).toEqual({ severity: 'Error', storage_domain_name: 'data1' });
  });

  it('keeps Local storage in a Local data center, on its own host', async () => {
    const local = await api.dataCenter.create({ name: 'Edge', storageType: 'Local' });
    const lc = await api.cluster.create({ dataCenterId: local.id, name: 'Edge-c' });
    const edge = await addTestHost(h.db, lc.id, { name: 'edge-h1' });
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'l1',
          storageType: 'Local',
          path: '/data/images',
          hostId: w.h1.id,
        }),
      ),
    ).toMatchObject({
      message: 'Local storage domains belong to Local data centers.',
      field: 'storageType',
    });
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'n1',
          storageType: 'NFS',
          path: 'srv:/n1',
          hostId: edge.id,
          dataCenterId: local.id,
        }),
      ),
    ).toMatchObject({
      message: "A Local data center's Data domains are Local storage.",
      field: 'dataCenterId',
    });
    // No data center given: the host's own.
    const l1 = await make({
      name: 'l1',
      storageType: 'Local',
      path: '/data/images',
      hostId: edge.id,
    });
    expect(await domain(l1)).toMatchObject({
      status: 'Active',
      is_master: true,
      data_center_id: local.id,
      target: '/data/images',
      total_gb: 512,
    });
    expect(h.sim.poolsOf(edge.id)).toEqual([l1]);
    expect(h.sim.poolsOf(w.h1.id)).toEqual([]);
  });

  it('builds a GlusterFS domain on a started Gluster volume of the store', async () => {
    const [vol] = await h.db.query<{ id: string }>(
      `INSERT INTO gluster_volume (cluster_id, name, volume_type, status) VALUES ($1, 'vmstore', 'Replicate', 'Down')
       RETURNING id`,
      [w.cluster],
    );
    await h.db.query(
      `INSERT INTO gluster_brick (volume_id, host_id, directory, position) VALUES ($1, $2, '/bricks/b1', 0)`,
      [vol!.id, w.h2.id],
    );
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'gl',
          storageType: 'GlusterFS',
          glusterVolumeId: vol!.id,
          hostId: w.h1.id,
        }),
      ),
    ).toMatchObject({
      message: 'Gluster volume vmstore is not started; start it first.',
      field: 'glusterVolumeId',
    });
    await h.db.query(`UPDATE gluster_volume SET status = 'Up' WHERE id = $1`, [vol!.id]);
    expect(
      await refused(h.db, () =>
        api.storage.create({
          name: 'gl',
          storageType: 'GlusterFS',
          glusterVolumeId: vol!.id,
          path: 'h2:/other',
          hostId: w.h1.id,
        }),
      ),
    ).toMatchObject({
      message: 'The path names volume other, not Gluster volume vmstore.',
      field: 'path',
    });
    const gl = await make({
      name: 'gl',
      storageType: 'GlusterFS',
      path: '',
      glusterVolumeId: vol!.id,
      dataCenterId: w.dc,
    });
    const [row] = await h.db.query(
      `SELECT path, gluster_volume_id, is_master FROM storage_domain WHERE id = $1`,
      [gl],
    );
    expect(row).toEqual({
      path: 'h2.test.example.com:/vmstore',
      gluster_volume_id: vol!.id,
      is_master: true,
    });
    // A path naming a volume of the store links to it too.
    const byPath = await make({
      name: 'gl-path',
      storageType: 'GlusterFS',
      path: 'h1.test.example.com:vmstore',
    });
    expect(
      await h.db.query(`SELECT path, gluster_volume_id FROM storage_domain WHERE id = $1`, [
        byPath,
      ]),
    ).toEqual([{ path: 'h1.test.example.com:/vmstore', gluster_volume_id: vol!.id }]);
    expect((await api.storage.formOptions({ dataCenterId: w.dc })).glusterVolumes).toEqual([
      {
        id: vol!.id,
        name: 'vmstore',
        status: 'Up',
        clusterId: w.cluster,
        cluster: 'C1',
        path: 'h2.test.example.com:/vmstore',
        usedBy: 'gl',
      },
    ]);
  });

  it('guides the set-up: cluster, host, storage, ISO library', async () => {
    const fresh = await api.dataCenter.create({ name: 'Fresh' });
    let g = await api.guide.dataCenter({ id: fresh.id });
    expect(g).toMatchObject({
      object: 'dataCenter',
      name: 'Fresh',
      next: 'cluster',
      complete: false,
    });
    expect(g.steps.find((st) => st.key === 'storage')).toMatchObject({
      available: false,
      reason: 'There should be at least one active host in the data center.',
    });
    const c = await api.cluster.create({ dataCenterId: fresh.id, name: 'Fresh-c' });
    g = await api.guide.dataCenter({ id: fresh.id });
    expect(g.next).toBe('host');
    const host = await addTestHost(h.db, c.id, { name: 'fresh-h1', status: 'Maintenance' });
    g = await api.guide.dataCenter({ id: fresh.id });
    expect(g.steps.find((st) => st.key === 'host')).toMatchObject({
      done: false,
      count: 1,
      summary: '1 host, 0 Up. No host is Up yet.',
    });
    await h.db.query(`UPDATE host SET status = 'Up' WHERE id = $1`, [host.id]);
    g = await api.guide.dataCenter({ id: fresh.id });
    expect(g.next).toBe('storage');
    expect(g.steps.find((st) => st.key === 'storage')?.available).toBe(true);
    expect(g.steps.find((st) => st.key === 'iso')?.reason).toBe(
      'Attach and activate a Data domain first: the ISO library needs an active master domain.',
    );

    const data = await api.storage.create({
      name: 'fresh-data',
      storageType: 'NFS',
      path: 'nfs1:/fresh',
      hostId: host.id,
      dataCenterId: fresh.id,
    });
    await finished({ jobIds: data.jobIds, done: waitJobs(data.jobIds) });
    // An ISO domain made earlier, unattached, is offered for the last step.
    const iso = await make({ name: 'fresh-iso', domainType: 'ISO', hostId: host.id });
    g = await api.guide.dataCenter({ id: fresh.id });
    expect(g.next).toBe('iso');
    expect(g.steps.find((st) => st.key === 'storage')).toMatchObject({ done: true, count: 1 });
    expect(g.steps.find((st) => st.key === 'iso')?.actions).toEqual([
      { key: 'newIsoDomain', label: 'New ISO Domain', allowed: true },
      { key: 'attachIso', label: 'Attach ISO Domain', allowed: true },
    ]);
    await finished(attachStorageDomain(h.deps, actor, { id: iso, dataCenterId: fresh.id }));
    g = await api.guide.dataCenter({ id: fresh.id });
    expect(g).toMatchObject({ complete: true, next: null });
    const cg = await api.guide.cluster({ id: c.id });
    expect(cg.steps.map((st) => [st.key, st.done])).toEqual([
      ['host', true],
      ['storage', true],
      ['iso', true],
    ]);
  });

  it('connects the Active domains on a host as it comes Up, not at the next storage cycle', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const iso = await make({ name: 'iso1', domainType: 'ISO', dataCenterId: w.dc });
    const d2 = await make({ name: 'data2', dataCenterId: w.dc });
    await finished(maintenanceStorageDomain(h.deps, actor, { id: d2 }));
    // h2 goes to Maintenance and loses its pools there (restarted, say).
    await finished(setMaintenance(h.deps, actor, { ids: [w.h2.id] }));
    const conn = await h.deps.hosts.get({ ...w.h2, address: 'h2', driver: 'sim' });
    for (const id of [d1, iso]) await conn.releasePool(id);
    expect(h.sim.poolsOf(w.h2.id)).toEqual([]);
    await finished(activateHost(h.deps, actor, { ids: [w.h2.id] }));
    // Right after activation, no monitoring cycle: the Active ones, not the one in Maintenance.
    expect(h.sim.poolsOf(w.h2.id).sort()).toEqual([d1, iso].sort());

    // A new host too; a domain it cannot connect is a Warning, and the host is Up anyway.
    h.sim.failStorageSource('nfs1.example.com:/exports/iso1');
    const added = await addHost(h.deps, actor, {
      name: 'h3',
      address: '198.51.100.3',
      clusterId: w.cluster,
      driver: 'sim',
    });
    await finished(added);
    expect(h.sim.poolsOf(added.id)).toEqual([d1]);
    const [row] = await h.db.query(`SELECT status FROM host WHERE id = $1`, [added.id]);
    expect(row).toEqual({ status: 'Up' });
    const warnings = await h.db.query<{ severity: string; message: string; job_id: string }>(
      `SELECT severity, message, job_id FROM audit_event WHERE code = 'STORAGE_DOMAIN_CONNECT_FAILED'`,
    );
    expect(warnings).toEqual([
      {
        severity: 'Warning',
        message:
          'Host h3 cannot connect Storage Domain iso1: Storage domain iso1 could not be connected. Host h3: host h3 cannot mount nfs1.example.com:/exports/iso1 for storage domain iso1: Connection timed out',
        job_id: added.jobIds[0],
      },
    ]);
  });

  it('monitors the space and the connections of Active domains', async () => {
    const d1 = await make({ name: 'data1', dataCenterId: w.dc });
    const monitor = new Monitor({ db: h.db, feed: h.deps.feed, hosts: h.deps.hosts });
    await monitor.start({ schedule: false });
    try {
      expect(await monitor.pollStorage()).toMatchObject({ updated: [], connected: [] });
      h.sim.setStorageUsage('nfs1.example.com:/exports/data1', 123.45);
      h.changes.length = 0;
      const report = await monitor.pollStorage();
      expect(report.updated).toEqual([d1]);
      expect(await domain(d1)).toMatchObject({ total_gb: 2048, used_gb: 123.5 });
      expect(h.changes).toEqual([{ object: 'storage', ids: [d1], op: 'upsert' }]);
      // Unchanged: nothing written.
      expect((await monitor.pollStorage()).updated).toEqual([]);

      // A host that lost the pool gets it back; one that cannot connect is reported once.
      const conn = await h.deps.hosts.get({ ...w.h2, address: 'h2', driver: 'sim' });
      await conn.releasePool(d1);
      expect((await monitor.pollStorage()).connected).toEqual([`${w.h2.id}:${d1}`]);
      expect(h.sim.poolsOf(w.h2.id)).toEqual([d1]);
      await conn.releasePool(d1);
      h.sim.failStorageSource('nfs1.example.com:/exports/data1');
      expect([...(await monitor.pollStorage()).failed.keys()]).toEqual([`${w.h2.id}:${d1}`]);
      await monitor.pollStorage();
      const warnings = await h.db.query<{ message: string; host_name: string }>(
        `SELECT message, host_name FROM audit_event WHERE code = 'STORAGE_DOMAIN_CONNECT_FAILED'`,
      );
      expect(warnings).toEqual([
        {
          message:
            'Host h2 cannot connect Storage Domain data1: host h2 cannot mount nfs1.example.com:/exports/data1 for storage domain data1: Connection timed out',
          host_name: 'h2',
        },
      ]);
    } finally {
      await monitor.stop();
    }
  });
});
