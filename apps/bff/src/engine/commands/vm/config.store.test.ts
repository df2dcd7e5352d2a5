import { vmCreateInput, type VmCreateInput } from '@corral/shared';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { AppError } from '../../errors.js';
import { MAC_PREFIX } from '../../mac.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../../testing/engine.js';
import { cloneVm } from './clone.js';
import { createVm } from './create.js';
import { makeTemplate } from './make-template.js';
import { removeVm } from './remove.js';
import { updateVm } from './update.js';

const actor = { userName: 'admin@internal' };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.each(STORE_BACKENDS)('VM configuration commands on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [{ name: 'h1' }, { name: 'h2' }] });
  });
  afterEach(() => h.close());

  const create = (input: VmCreateInput) => createVm(h.deps, actor, vmCreateInput.parse(input));

  it('creates a blank VM with disks on the domain and NICs with fresh MACs', async () => {
    const input: VmCreateInput = {
      name: 'app-01',
      clusterId: fleet.clusterId,
      memoryMb: 4096,
      vcpus: 2,
      os: 'rhel_9x64',
      display: 'VNC',
      ha: true,
      disks: [
        { sizeGb: 30, storageDomainId: fleet.storageDomainId },
        { sizeGb: 100, storageDomainId: fleet.storageDomainId, format: 'RAW', interface: 'VirtIO' },
      ],
      nics: [{ networkId: fleet.networkId }, { networkId: fleet.networkId, nicType: 'e1000' }],
    };
    const { id, done, jobIds } = await create(input);
    expect((await done)[0]).toMatchObject({ status: 'Finished' });
    const [vm] = await h.db.query(`SELECT * FROM vm WHERE id = $1`, [id]);
    expect(vm).toMatchObject({
      name: input.name,
      status: 'Down',
      memory_mb: input.memoryMb,
      vcpus: input.vcpus,
      os: input.os,
      display: input.display,
      ha: true,
      cluster_id: fleet.clusterId,
      host_id: null,
    });
    const disks = await h.db.query<{
      id: string;
      alias: string;
      size_gb: number;
      format: string;
      interface: string;
      bootable: boolean;
      storage_domain_id: string;
      path: string;
      parent_id: string | null;
    }>(
      `SELECT d.id, d.alias, d.size_gb, d.format, d.interface, vd.bootable, d.storage_domain_id,
              v.path, v.parent_id
         FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id JOIN disk_volume v ON v.disk_id = d.id
        WHERE vd.vm_id = $1 ORDER BY d.alias`,
      [id],
    );
    expect(disks).toHaveLength(input.disks!.length);
    input.disks!.forEach((want, i) => {
      const d = disks[i]!;
      expect(d.alias).toBe(`${input.name}_Disk${i + 1}`);
      expect(d.size_gb).toBe(want.sizeGb);
      expect(d.format).toBe(want.format ?? 'COW');
      expect(d.bootable).toBe(i === 0);
      expect(d.parent_id).toBeNull();
      expect(d.path).toBe(
        path.join(
          h.deps.imagesDir,
          fleet.storageDomainId,
          `${d.id}.${want.format === 'RAW' ? 'raw' : 'qcow2'}`,
        ),
      );
    });
    const nics = await h.db.query<{
      name: string;
      mac: string;
      network_id: string;
      nic_type: string;
    }>(`SELECT name, mac, network_id, nic_type FROM vm_nic WHERE vm_id = $1 ORDER BY name`, [id]);
    expect(nics.map((n) => n.nic_type)).toEqual(input.nics!.map((n) => n.nicType ?? 'VirtIO'));
    expect(new Set(nics.map((n) => n.mac)).size).toBe(nics.length);
    for (const n of nics) expect(n.mac.startsWith(`${MAC_PREFIX}:`)).toBe(true);
    const events = await h.db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE job_id = $1`,
      [jobIds[0]],
    );
    expect(events.map((e) => e.code)).toContain('USER_ADD_VM_FINISHED_SUCCESS');
  });

  it('refuses a VM the store can not hold as asked, on the field, changing nothing', async () => {
    await addTestVm(h.db, fleet, { name: 'taken' });
    const base: VmCreateInput = { name: 'fresh', clusterId: fleet.clusterId };
    const before = await snapshotOfStore(h.db);
    const cases: [VmCreateInput, string, string][] = [
      [{ ...base, name: 'TAKEN' }, 'name', 'A VM named TAKEN already exists.'],
      [
        { ...base, disks: [{ sizeGb: 10, storageDomainId: fleet.isoDomainId }] },
        'disks.0.storageDomainId',
        'is an ISO domain',
      ],
      [
        { ...base, nics: [{ networkId: fleet.networkId }, { networkId: fleet.loneNetworkId }] },
        'nics.1.networkId',
        'is not attached to Cluster',
      ],
      [
        {
          ...base,
          disks: [{ sizeGb: 5000, storageDomainId: fleet.storageDomainId, format: 'RAW' }],
        },
        'disks.0.storageDomainId',
        'does not fit',
      ],
    ];
    for (const [input, field, message] of cases) {
      const err = await refusal(create(input));
      expect(err.field).toBe(field);
      expect(err.message).toContain(message);
    }
    await h.db.query(`UPDATE storage_domain SET status = 'Maintenance' WHERE id = $1`, [
      fleet.storageDomainId,
    ]);
    const inactive = await refusal(
      create({ ...base, disks: [{ sizeGb: 10, storageDomainId: fleet.storageDomainId }] }),
    );
    expect(inactive.message).toContain('is not Active');
    await h.db.query(`UPDATE storage_domain SET status = 'Active' WHERE id = $1`, [
      fleet.storageDomainId,
    ]);
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('validates bounds with the shared schema before the engine sees the input', () => {
    const tooSmall = vmCreateInput.safeParse({
      name: 'x',
      clusterId: fleet.clusterId,
      memoryMb: 64,
    });
    expect(tooSmall.success).toBe(false);
    expect(tooSmall.error?.issues[0]?.path).toEqual(['memoryMb']);
    const badName = vmCreateInput.safeParse({ name: 'no spaces', clusterId: fleet.clusterId });
    expect(badName.error?.issues[0]?.message).toContain('letters, digits');
  });

  it('edits what the state allows: anything while Down, not memory while Up', async () => {
    const down = await addTestVm(h.db, fleet, { name: 'edit-me' });
    const up = await addTestVm(h.db, fleet, {
      name: 'busy',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const r = await updateVm(h.deps, actor, { id: down, name: 'edited', memoryMb: 8192, ha: true });
    await r.done;
    expect(
      (await h.db.query(`SELECT name, memory_mb, ha FROM vm WHERE id = $1`, [down]))[0],
    ).toEqual({
      name: 'edited',
      memory_mb: 8192,
      ha: true,
    });
    const before = await snapshotOfStore(h.db);
    const hot = await refusal(updateVm(h.deps, actor, { id: up, memoryMb: 16384 }));
    expect(hot.field).toBe('memoryMb');
    expect(hot.message).toBe(
      'A VM must be Down to change its cluster, memory, CPUs, OS, display or type.',
    );
    const clash = await refusal(updateVm(h.deps, actor, { id: up, name: 'edited' }));
    expect(clash.field).toBe('name');
    expect(await snapshotOfStore(h.db)).toEqual(before);
    // HA and description change on a running VM.
    await (
      await updateVm(h.deps, actor, { id: up, ha: true, description: 'front' })
    ).done;
    expect((await h.db.query(`SELECT ha, description FROM vm WHERE id = $1`, [up]))[0]).toEqual({
      ha: true,
      description: 'front',
    });
  });

  it('removes a Down VM with its disks, or keeps the disks when asked; never a running one', async () => {
    const gone = await addTestVm(h.db, fleet, { name: 'gone', disks: 2 });
    const kept = await addTestVm(h.db, fleet, { name: 'kept', disks: 1 });
    const up = await addTestVm(h.db, fleet, {
      name: 'alive',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const disksOf = async (vm: string) =>
      (
        await h.db.query<{ disk_id: string }>(`SELECT disk_id FROM vm_disk WHERE vm_id = $1`, [vm])
      ).map((d) => d.disk_id);
    const goneDisks = await disksOf(gone);
    const keptDisks = await disksOf(kept);

    const before = await snapshotOfStore(h.db);
    const err = await refusal(removeVm(h.deps, actor, { ids: [gone, up] }));
    expect(err.message).toContain('alive: A VM must be Down to be removed.');
    expect(await snapshotOfStore(h.db)).toEqual(before);

    await (
      await removeVm(h.deps, actor, { ids: [gone] })
    ).done;
    await (
      await removeVm(h.deps, actor, { ids: [kept], keepDisks: true })
    ).done;
    expect(
      await h.db.query(`SELECT id FROM vm WHERE id = ANY($1::uuid[])`, [[gone, kept]]),
    ).toEqual([]);
    expect(await h.db.query(`SELECT id FROM disk WHERE id = ANY($1::uuid[])`, [goneDisks])).toEqual(
      [],
    );
    expect(
      await h.db.query(`SELECT id FROM disk_volume WHERE disk_id = ANY($1::uuid[])`, [goneDisks]),
    ).toEqual([]);
    expect(
      (await h.db.query(`SELECT id FROM disk WHERE id = ANY($1::uuid[])`, [keptDisks])).length,
    ).toBe(1);
    const [event] = await h.db.query<{ vm_name: string }>(
      `SELECT vm_name FROM audit_event WHERE code = 'USER_REMOVE_VM' AND vm_id = $1`,
      [gone],
    );
    expect(event?.vm_name).toBe('gone');
    expect(
      h.changes.some((c) => c.object === 'vm' && c.op === 'remove' && c.ids.includes(gone)),
    ).toBe(true);
  });

  it('makes a template from a Down VM and creates a VM from it with its settings and disks', async () => {
    const source = await addTestVm(h.db, fleet, {
      name: 'golden',
      disks: 2,
      memoryMb: 3072,
      vcpus: 3,
    });
    const t = await makeTemplate(h.deps, actor, { id: source, name: 'golden-tpl' });
    expect((await t.done)[0]).toMatchObject({ status: 'Finished' });
    const [tpl] = await h.db.query<{
      status: string;
      memory_mb: number;
      vcpus: number;
      os: string;
    }>(`SELECT status, memory_mb, vcpus, os FROM template WHERE id = $1`, [t.templateId]);
    expect(tpl).toEqual({ status: 'OK', memory_mb: 3072, vcpus: 3, os: 'rhel_9x64' });
    const tplDisks = await h.db.query(`SELECT id FROM disk WHERE template_id = $1`, [t.templateId]);
    expect(tplDisks).toHaveLength(2);
    expect((await h.db.query(`SELECT status FROM vm WHERE id = $1`, [source]))[0]).toEqual({
      status: 'Down',
    });

    const dup = await refusal(makeTemplate(h.deps, actor, { id: source, name: 'golden-tpl' }));
    expect(dup.field).toBe('name');

    const made = await create({
      name: 'from-tpl',
      clusterId: fleet.clusterId,
      templateId: t.templateId,
    });
    await made.done;
    const [vm] = await h.db.query(
      `SELECT memory_mb, vcpus, os, template_id, status FROM vm WHERE id = $1`,
      [made.id],
    );
    expect(vm).toEqual({
      memory_mb: 3072,
      vcpus: 3,
      os: 'rhel_9x64',
      template_id: t.templateId,
      status: 'Down',
    });
    const vmDisks = await h.db.query(`SELECT disk_id FROM vm_disk WHERE vm_id = $1`, [made.id]);
    expect(vmDisks).toHaveLength(tplDisks.length);
  });

  it('clones a Down VM: same settings and networks, new disks and MACs; refuses a running one', async () => {
    const source = await addTestVm(h.db, fleet, { name: 'orig', disks: 2, memoryMb: 2048 });
    const c = await cloneVm(h.deps, actor, { id: source, name: 'orig-copy' });
    await c.done;
    const rows = await h.db.query<{ id: string; memory_mb: number; status: string }>(
      `SELECT id, memory_mb, status FROM vm WHERE id = ANY($1::uuid[]) ORDER BY name`,
      [[source, c.id]],
    );
    expect(rows.map((r) => [r.memory_mb, r.status])).toEqual([
      [2048, 'Down'],
      [2048, 'Down'],
    ]);
    const disks = async (vm: string) =>
      (
        await h.db.query<{ disk_id: string }>(`SELECT disk_id FROM vm_disk WHERE vm_id = $1`, [vm])
      ).map((d) => d.disk_id);
    const [a, b] = [await disks(source), await disks(c.id)];
    expect(b).toHaveLength(a.length);
    expect(b.filter((d) => a.includes(d))).toEqual([]);
    const nics = async (vm: string) =>
      h.db.query<{ mac: string; network_id: string }>(
        `SELECT mac, network_id FROM vm_nic WHERE vm_id = $1`,
        [vm],
      );
    const [na, nb] = [await nics(source), await nics(c.id)];
    expect(nb.map((n) => n.network_id)).toEqual(na.map((n) => n.network_id));
    expect(nb.map((n) => n.mac)).not.toEqual(na.map((n) => n.mac));

    const up = await addTestVm(h.db, fleet, {
      name: 'running',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const err = await refusal(cloneVm(h.deps, actor, { id: up, name: 'nope' }));
    expect(err.message).toBe('A VM must be Down to be cloned.');
  });
});
