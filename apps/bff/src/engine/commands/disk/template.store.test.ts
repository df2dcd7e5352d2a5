// VMs from a template with oVirt's Storage Allocation, on the simulated fleet, on PGlite
// and PostgreSQL: Thin gives each VM disk a base volume whose parent is the template
// disk's volume (a qcow2 layer on its image, in its domain); Clone gives standalone
// copies. The template's disk then stays where it is, and a thin VM needs an Up host.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { apiOf } from '../data-center/testing.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../../testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';

describe.each(STORE_BACKENDS)('VMs from a template, thin or cloned, on %s', (backend) => {
  let h: EngineHarness;
  let api: ReturnType<typeof apiOf>;
  let f: TestFleet;
  let templateId: string;
  let templateVolume: { id: string; disk_id: string; path: string };

  const finished = async (jobIds: readonly string[]) =>
    expect
      .poll(
        async () =>
          (await api.job.recent({ limit: 50 }))
            .filter((j) => jobIds.includes(j.id))
            .map((j) => (j.status === 'Failed' ? j.error : j.status)),
        { timeout: 10_000, interval: 25 },
      )
      .toEqual(jobIds.map(() => 'Finished'));
  const volumesOf = (vmId: string) =>
    h.db.query<{
      disk_id: string;
      parent_id: string | null;
      path: string;
      format: string;
      domain: string;
    }>(
      `SELECT v.disk_id, v.parent_id, v.path, v.format, d.storage_domain_id AS domain
         FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id JOIN disk_volume v ON v.disk_id = d.id
        WHERE vd.vm_id = $1`,
      [vmId],
    );

  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
    f = await buildFleet(h.db, { hosts: [{ name: 'h1' }] });
    const source = await addTestVm(h.db, f, { name: 'golden' });
    const t = await api.vm.makeTemplate({ id: source, name: 'golden-tpl' });
    await finished(t.jobIds);
    templateId = t.templateId;
    [templateVolume] = (await h.db.query<{ id: string; disk_id: string; path: string }>(
      `SELECT v.id, v.disk_id, v.path FROM disk d JOIN disk_volume v ON v.disk_id = d.id
        WHERE d.template_id = $1`,
      [templateId],
    )) as [{ id: string; disk_id: string; path: string }];
  });
  afterEach(() => h.close());

  it('Thin: each disk is a qcow2 layer on the template disk’s volume, in its domain', async () => {
    const vm = await api.vm.create({
      clusterId: f.clusterId,
      name: 'thin-1',
      templateId,
      storageAllocation: 'Thin',
    });
    await finished(vm.jobIds);
    const [v] = await volumesOf(vm.id);
    expect(v).toMatchObject({
      parent_id: templateVolume.id,
      format: 'COW',
      domain: f.storageDomainId,
      path: `${h.deps.imagesDir}/${f.storageDomainId}/${v!.disk_id}.qcow2`,
    });
    // The VM's own disk chain is its layer alone (the template's image is below it).
    const [own] = await api.disk.actions({ ids: [v!.disk_id] }).then((r) => [r[v!.disk_id]]);
    expect(own?.extend).toEqual({ allowed: true });
    // The VM runs from its layer; the template's disk keeps its place.
    await finished((await api.vm.run({ ids: [vm.id] })).jobIds);
    const verdict = await api.disk.actions({ ids: [templateVolume.disk_id] });
    expect(verdict[templateVolume.disk_id]?.move).toEqual({
      allowed: false,
      reason: 'The disk is the base image of 1 thin VM disk; it stays where they can read it.',
    });
    const [created] = await h.db.query<{ message: string }>(
      `SELECT message FROM audit_event WHERE code = 'USER_ADD_VM_FINISHED_SUCCESS' AND vm_id = $1`,
      [vm.id],
    );
    expect(created?.message).toBe('VM thin-1 was created from template golden-tpl (thin).');
  });

  it('Clone (the default): standalone copies, no parent', async () => {
    const vm = await api.vm.create({ clusterId: f.clusterId, name: 'clone-1', templateId });
    await finished(vm.jobIds);
    const [v] = await volumesOf(vm.id);
    expect(v?.parent_id).toBeNull();
    expect(
      (await api.disk.actions({ ids: [templateVolume.disk_id] }))[templateVolume.disk_id]?.move,
    ).toEqual({
      allowed: true,
    });
  });

  it('refuses a thin VM without an Up host, changing nothing', async () => {
    await h.db.query(`UPDATE host SET status = 'Maintenance'`);
    const before = await snapshotOfStore(h.db);
    const err = await api.vm
      .create({ clusterId: f.clusterId, name: 'thin-2', templateId, storageAllocation: 'Thin' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).cause).toMatchObject({
      message:
        "A thin VM's disks are layers on the template's images, made by a host: Cluster Test-Cluster has no Up host.",
      field: 'storageAllocation',
    });
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });
});
