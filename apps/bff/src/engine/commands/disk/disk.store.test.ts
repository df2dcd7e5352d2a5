// The disk commands through the API on the real simulated host driver, on PGlite and
// PostgreSQL: New Disk (floating, attached), Extend (offline, online), Move as a job
// with progress, Remove; refusals carry their field and change nothing.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { apiOf, badInput } from '../data-center/testing.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../../testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';

type Api = ReturnType<typeof apiOf>;

describe.each(STORE_BACKENDS)('disk commands on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  let f: TestFleet;
  let data2: string;

  const disk = async (id: string) =>
    (
      await h.db.query<{
        alias: string;
        status: string;
        size_gb: number;
        actual_size_gb: number;
        format: string;
        sparse: boolean;
        storage_domain_id: string;
      }>(
        `SELECT alias, status, size_gb, actual_size_gb, format, sparse, storage_domain_id
           FROM disk WHERE id = $1`,
        [id],
      )
    )[0];
  const volumes = (id: string) =>
    h.db.query<{ path: string; parent_id: string | null }>(
      `SELECT path, parent_id FROM disk_volume WHERE disk_id = $1`,
      [id],
    );
  const state = async () => ({
    ...(await snapshotOfStore(h.db)),
    disks: await h.db.query(`SELECT id, status, size_gb, storage_domain_id FROM disk ORDER BY id`),
    volumes: await h.db.query(`SELECT id, path, parent_id FROM disk_volume ORDER BY id`),
    vmDisks: await h.db.query(`SELECT vm_id, disk_id FROM vm_disk ORDER BY 1, 2`),
  });
  /** A refusal as the portal gets it, and the store as it was before. */
  const refused = async (call: () => Promise<unknown>) => {
    const before = await state();
    const err = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TRPCError);
    const e = err as TRPCError;
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(await state()).toEqual(before);
    const cause = e.cause as unknown as { message: string; field?: string };
    return { message: cause.message, field: cause.field ?? null };
  };
  const finished = async (jobIds: readonly string[]) => {
    await expect
      .poll(
        async () =>
          (await api.job.recent({ limit: 50 }))
            .filter((j) => jobIds.includes(j.id))
            .map((j) => (j.status === 'Failed' ? j.error : j.status)),
        { timeout: 10_000, interval: 25 },
      )
      .toEqual(jobIds.map(() => 'Finished'));
  };
  const newDisk = async (o: Record<string, unknown> = {}) => {
    const r = await api.disk.create({
      alias: 'scratch',
      sizeGb: 10,
      storageDomainId: f.storageDomainId,
      ...o,
    });
    await finished(r.jobIds);
    return r.id;
  };

  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
    f = await buildFleet(h.db, { hosts: [{ name: 'h1' }] });
    const [row] = await h.db.query<{ id: string }>(
      `INSERT INTO storage_domain (data_center_id, name, domain_type, storage_type, status, path,
         total_gb, used_gb)
       VALUES ($1, 'data2', 'Data', 'NFS', 'Active', '/exports/data2', 100, 0) RETURNING id`,
      [f.dataCenterId],
    );
    data2 = row!.id;
  });
  afterEach(() => h.close());

  it('creates a floating disk: Locked, then OK, with its image path in the domain', async () => {
    const r = await api.disk.create({
      alias: 'scratch',
      sizeGb: 10,
      storageDomainId: f.storageDomainId,
      format: 'RAW',
      sparse: false,
    });
    expect((await disk(r.id))?.status).toMatch(/Locked|OK/);
    await finished(r.jobIds);
    expect(await disk(r.id)).toMatchObject({
      alias: 'scratch',
      status: 'OK',
      size_gb: 10,
      actual_size_gb: 10,
      format: 'RAW',
      sparse: false,
    });
    expect(await volumes(r.id)).toEqual([
      { path: `${h.deps.imagesDir}/${f.storageDomainId}/${r.id}.raw`, parent_id: null },
    ]);
    const events = await h.db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE job_id = $1`,
      [r.jobIds[0]],
    );
    expect(events.map((e) => e.code).sort()).toEqual([
      'USER_ADD_DISK',
      'USER_ADD_DISK_FINISHED_SUCCESS',
    ]);
  });

  it('attaches a new disk to a Down VM, and refuses a running one, an ISO domain, too big a preallocation', async () => {
    const vm = await addTestVm(h.db, f, { name: 'vm1' });
    const id = await newDisk({ vmId: vm, bootable: false });
    const attached = await h.db.query(`SELECT vm_id FROM vm_disk WHERE disk_id = $1`, [id]);
    expect(attached).toEqual([{ vm_id: vm }]);
    const [v] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [vm]);
    expect(v?.status).toBe('Down');

    const up = await addTestVm(h.db, f, { name: 'vm2', status: 'Up', hostId: f.hosts[0]!.id });
    expect(
      await refused(() =>
        api.disk.create({ alias: 'x', sizeGb: 1, storageDomainId: f.storageDomainId, vmId: up }),
      ),
    ).toEqual({
      message:
        'VM vm2 is Up; a new disk is attached to a Down VM (Corral does not hot-plug disks).',
      field: 'vmId',
    });
    expect(
      await refused(() =>
        api.disk.create({ alias: 'x', sizeGb: 1, storageDomainId: f.isoDomainId }),
      ),
    ).toEqual({
      message: 'Storage domain Test-iso is an ISO domain; disks go on Data domains.',
      field: 'storageDomainId',
    });
    expect(
      await refused(() =>
        api.disk.create({ alias: 'x', sizeGb: 500, storageDomainId: data2, sparse: false }),
      ),
    ).toEqual({
      message: 'Storage domain data2 has 100 GB free; a preallocated 500 GB disk does not fit.',
      field: 'sizeGb',
    });
    expect(
      await badInput(() =>
        api.disk.create({ alias: ' ', sizeGb: 0, storageDomainId: f.storageDomainId }),
      ),
    ).toEqual({ alias: ['A disk needs an alias.'], sizeGb: ['A disk is at least 1 GB.'] });
  });

  it('extends a floating disk and a running VM’s disk; refuses a Locked disk and a template’s', async () => {
    const id = await newDisk();
    const r = await api.disk.extend({ id, extendByGb: 5 });
    await finished(r.jobIds);
    expect(await disk(id)).toMatchObject({ status: 'OK', size_gb: 15 });

    const vm = await addTestVm(h.db, f, { name: 'web', status: 'Up', hostId: f.hosts[0]!.id });
    const [vd] = await h.db.query<{ disk_id: string }>(
      `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
      [vm],
    );
    const online = await api.disk.extend({ id: vd!.disk_id, extendByGb: 2 });
    await finished(online.jobIds);
    expect(await disk(vd!.disk_id)).toMatchObject({ status: 'OK', size_gb: 22 });
    const steps = await h.db.query<{ description: string }>(
      `SELECT description FROM job_step WHERE job_id = $1 ORDER BY position`,
      [online.jobIds[0]],
    );
    expect(steps[0]?.description).toBe('Resizing the disk of VM web online');

    // Offline: the Down VM is ImageLocked while its disk grows, then Down again.
    const down = await addTestVm(h.db, f, { name: 'batch' });
    const [dd] = await h.db.query<{ disk_id: string }>(
      `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
      [down],
    );
    const offline = await api.disk.extend({ id: dd!.disk_id, extendByGb: 1 });
    const [during] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [
      down,
    ]);
    expect(['ImageLocked', 'Down']).toContain(during?.status);
    await finished(offline.jobIds);
    expect(await disk(dd!.disk_id)).toMatchObject({ status: 'OK', size_gb: 21 });
    const [after] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [
      down,
    ]);
    expect(after?.status).toBe('Down');

    await h.db.query(`UPDATE disk SET status = 'Locked' WHERE id = $1`, [id]);
    expect(await refused(() => api.disk.extend({ id, extendByGb: 1 }))).toEqual({
      message: 'The disk is Locked; wait until its current operation ends.',
      field: 'id',
    });
    const [t] = await h.db.query<{ id: string }>(
      `INSERT INTO template (cluster_id, name) VALUES ($1, 'tpl') RETURNING id`,
      [f.clusterId],
    );
    await h.db.query(`UPDATE disk SET status = 'OK', template_id = $2 WHERE id = $1`, [id, t!.id]);
    expect(await refused(() => api.disk.extend({ id, extendByGb: 1 }))).toEqual({
      message: "The disk belongs to template tpl; a template's disks keep their size.",
      field: 'id',
    });
    expect(await refused(() => api.disk.remove({ id }))).toEqual({
      message: 'The disk belongs to template tpl; remove the template instead.',
      field: 'id',
    });
  });

  it('moves a Down VM’s disk to another domain as a job with progress; refuses a running VM’s', async () => {
    const vm = await addTestVm(h.db, f, { name: 'db' });
    const [vd] = await h.db.query<{ disk_id: string }>(
      `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
      [vm],
    );
    const id = vd!.disk_id;
    const r = await api.disk.move({ id, storageDomainId: data2 });
    const [locked] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [
      vm,
    ]);
    expect(['ImageLocked', 'Down']).toContain(locked?.status);
    await finished(r.jobIds);
    expect(await disk(id)).toMatchObject({ status: 'OK', storage_domain_id: data2 });
    expect(await volumes(id)).toEqual([
      { path: `${h.deps.imagesDir}/${data2}/${id}.qcow2`, parent_id: null },
    ]);
    const [job] = await h.db.query<{ progress: number }>(`SELECT progress FROM job WHERE id = $1`, [
      r.jobIds[0],
    ]);
    expect(job?.progress).toBe(100);
    const steps = await h.db.query<{ description: string; status: string }>(
      `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
      [r.jobIds[0]],
    );
    expect(steps).toEqual([
      { description: 'Copying the disk image to storage domain data2', status: 'Finished' },
      { description: 'Removing the image from storage domain Test-data', status: 'Finished' },
      { description: 'Unlocking the disk', status: 'Finished' },
    ]);
    const [after] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [
      vm,
    ]);
    expect(after?.status).toBe('Down');

    expect(await refused(() => api.disk.move({ id, storageDomainId: data2 }))).toEqual({
      message: 'Disk db_Disk1 is on storage domain data2 already.',
      field: 'storageDomainId',
    });
    await h.db.query(`UPDATE vm SET status = 'Up', host_id = $2 WHERE id = $1`, [
      vm,
      f.hosts[0]!.id,
    ]);
    expect(await refused(() => api.disk.move({ id, storageDomainId: f.storageDomainId }))).toEqual({
      message: 'VM db is Up; Corral moves a disk only while its VMs are Down (stop it first).',
      field: 'id',
    });
    await h.db.query(`UPDATE vm SET status = 'Down', host_id = NULL WHERE id = $1`, [vm]);
    await h.db.query(`INSERT INTO snapshot (vm_id, description) VALUES ($1, 'before')`, [vm]);
    expect(await refused(() => api.disk.move({ id, storageDomainId: f.storageDomainId }))).toEqual({
      message:
        'VM db has snapshots; Corral moves the disks of VMs without snapshots (delete them first).',
      field: 'id',
    });
    await h.db.query(`DELETE FROM snapshot WHERE vm_id = $1`, [vm]);
    const other = await buildFleet(h.db, { name: 'Other', hosts: [{ name: 'o1' }] });
    await h.db.query(`UPDATE vm SET status = 'Down', host_id = NULL WHERE id = $1`, [vm]);
    expect(
      await refused(() => api.disk.move({ id, storageDomainId: other.storageDomainId })),
    ).toEqual({
      message: 'Storage domain Other-data is in another data center than storage domain data2.',
      field: 'storageDomainId',
    });
  });

  it('removes a floating disk and a Down VM’s disk; refuses a running VM’s', async () => {
    const id = await newDisk();
    const r = await api.disk.remove({ id });
    await finished(r.jobIds);
    expect(await disk(id)).toBeUndefined();
    expect(await volumes(id)).toEqual([]);

    const vm = await addTestVm(h.db, f, { name: 'app', status: 'Up', hostId: f.hosts[0]!.id });
    const [vd] = await h.db.query<{ disk_id: string }>(
      `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
      [vm],
    );
    expect(await refused(() => api.disk.remove({ id: vd!.disk_id }))).toEqual({
      message: 'The disk is attached to VM app, which is Up; stop the VM first.',
      field: 'id',
    });
    const verdicts = await api.disk.actions({ ids: [vd!.disk_id] });
    expect(verdicts[vd!.disk_id]).toEqual({
      extend: { allowed: true },
      move: {
        allowed: false,
        reason: 'VM app is Up; Corral moves a disk only while its VMs are Down (stop it first).',
      },
      remove: {
        allowed: false,
        reason: 'The disk is attached to VM app, which is Up; stop the VM first.',
      },
    });
    await h.db.query(`UPDATE vm SET status = 'Down', host_id = NULL WHERE id = $1`, [vm]);
    const gone = await api.disk.remove({ id: vd!.disk_id });
    await finished(gone.jobIds);
    expect(await h.db.query(`SELECT * FROM vm_disk WHERE vm_id = $1`, [vm])).toEqual([]);
    const [v] = await h.db.query<{ status: string }>(`SELECT status FROM vm WHERE id = $1`, [vm]);
    expect(v?.status).toBe('Down');
  });
});
