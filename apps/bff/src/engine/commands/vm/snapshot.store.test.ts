import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { AppError } from '../../errors.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../../testing/engine.js';
import { createSnapshot } from './snapshot-create.js';
import { deleteSnapshot } from './snapshot-delete.js';
import { restoreSnapshot } from './snapshot-restore.js';

const actor = { userName: 'admin@internal' };

interface Volume {
  id: string;
  parent_id: string | null;
  snapshot_id: string | null;
  path: string;
}

/** Each disk's chain, base first, read by following parents (not by creation order). */
async function chains(h: EngineHarness, vm: string): Promise<Volume[][]> {
  const vols = await h.db.query<Volume & { disk_id: string }>(
    `SELECT v.id, v.parent_id, v.snapshot_id, v.path, v.disk_id
       FROM disk_volume v JOIN vm_disk vd ON vd.disk_id = v.disk_id WHERE vd.vm_id = $1`,
    [vm],
  );
  const byDisk = new Map<string, (Volume & { disk_id: string })[]>();
  for (const v of vols) byDisk.set(v.disk_id, [...(byDisk.get(v.disk_id) ?? []), v]);
  return [...byDisk.values()].map((list) => {
    const chain: Volume[] = [];
    let next = list.find((v) => v.parent_id === null);
    while (next) {
      const { id, parent_id, snapshot_id, path } = next;
      chain.push({ id, parent_id, snapshot_id, path });
      next = list.find((v) => v.parent_id === id);
    }
    expect(chain).toHaveLength(list.length);
    return chain;
  });
}

async function snapshots(h: EngineHarness, vm: string) {
  return h.db.query<{ id: string; description: string; status: string }>(
    `SELECT id, description, status FROM snapshot WHERE vm_id = $1 ORDER BY created_at`,
    [vm],
  );
}

describe.each(STORE_BACKENDS)('snapshots on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [{ name: 's1' }] });
  });
  afterEach(() => h.close());

  it('keeps volume chains in the store as snapshots are taken, restored and deleted', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'chain', disks: 2 });
    const base = await chains(h, vm);
    expect(base.map((c) => c.length)).toEqual([1, 1]);

    const first = await createSnapshot(h.deps, actor, { id: vm, description: 'before upgrade' });
    expect((await first.done)[0]).toMatchObject({ status: 'Finished' });
    const afterFirst = await chains(h, vm);
    afterFirst.forEach((chain, i) => {
      // The old top is frozen by the snapshot; a new top sits on it.
      expect(chain.map((v) => v.snapshot_id)).toEqual([first.snapshotId, null]);
      expect(chain[0]!.id).toBe(base[i]![0]!.id);
      expect(chain[1]!.path).toBe(
        chain[0]!.path.replace(/\.qcow2$/, `-snap-${first.snapshotId}.qcow2`),
      );
    });

    const second = await createSnapshot(h.deps, actor, { id: vm, description: 'after upgrade' });
    await second.done;
    const afterSecond = await chains(h, vm);
    for (const chain of afterSecond)
      expect(chain.map((v) => v.snapshot_id)).toEqual([first.snapshotId, second.snapshotId, null]);
    expect((await snapshots(h, vm)).map((s) => s.status)).toEqual(['OK', 'OK']);
    expect(h.sim.snapshotsOf(vm).map((s) => s.id)).toEqual([first.snapshotId, second.snapshotId]);

    // Restore the first: later layers and the later snapshot go; a new top over the frozen base.
    const restored = await restoreSnapshot(h.deps, actor, { id: vm, snapshotId: first.snapshotId });
    expect((await restored.done)[0]).toMatchObject({ status: 'Finished' });
    const afterRestore = await chains(h, vm);
    afterRestore.forEach((chain, i) => {
      expect(chain.map((v) => v.snapshot_id)).toEqual([first.snapshotId, null]);
      expect(chain[0]!.id).toBe(base[i]![0]!.id);
      const dropped = afterSecond[i]!.slice(1).map((v) => v.id);
      expect(dropped).not.toContain(chain[1]!.id);
    });
    expect((await snapshots(h, vm)).map((s) => s.id)).toEqual([first.snapshotId]);
    expect(h.sim.snapshotsOf(vm).map((s) => s.id)).toEqual([first.snapshotId]);

    // Delete it: the layer above merges into the base, which is the whole chain again.
    const deleted = await deleteSnapshot(h.deps, actor, { id: vm, snapshotId: first.snapshotId });
    expect((await deleted.done)[0]).toMatchObject({ status: 'Finished' });
    const afterDelete = await chains(h, vm);
    afterDelete.forEach((chain, i) => {
      expect(chain).toEqual([{ ...base[i]![0]!, snapshot_id: null }]);
    });
    expect(await snapshots(h, vm)).toEqual([]);
    expect((await h.db.query(`SELECT status FROM vm WHERE id = $1`, [vm]))[0]).toEqual({
      status: 'Down',
    });
  });

  it('hands the host the overlay paths it names in the store', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'paths', disks: 1 });
    const row = (await h.db.query(`SELECT * FROM host WHERE id = $1`, [fleet.hosts[0]!.id]))[0]!;
    const conn = await h.deps.hosts.get(row as never);
    const spy = vi.spyOn(conn, 'createSnapshot');
    const before = await chains(h, vm);
    const s = await createSnapshot(h.deps, actor, { id: vm, description: 'x' });
    await s.done;
    const [chain] = await chains(h, vm);
    expect(spy.mock.calls[0]![1].volumes).toEqual([
      { diskId: expect.any(String), path: chain![1]!.path, backingPath: before[0]![0]!.path },
    ]);
  });

  it('puts the store back as it was when the host fails a snapshot operation', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'flaky', disks: 2 });
    const kept = await createSnapshot(h.deps, actor, { id: vm, description: 'kept' });
    expect((await kept.done)[0]).toMatchObject({ status: 'Finished' });
    const row = (await h.db.query(`SELECT * FROM host WHERE id = $1`, [fleet.hosts[0]!.id]))[0]!;
    const conn = await h.deps.hosts.get(row as never);
    const refusal = new Error('the host refuses');
    vi.spyOn(conn, 'createSnapshot').mockRejectedValue(refusal);
    vi.spyOn(conn, 'deleteSnapshot').mockRejectedValue(refusal);
    vi.spyOn(conn, 'revertSnapshot').mockRejectedValue(refusal);
    const state = async () => ({
      vm: await h.db.query(`SELECT status, host_id FROM vm WHERE id = $1`, [vm]),
      chains: await chains(h, vm),
      snapshots: await snapshots(h, vm),
    });
    const before = await state();
    expect(before.vm).toEqual([{ status: 'Down', host_id: null }]);

    for (const attempt of [
      () => createSnapshot(h.deps, actor, { id: vm, description: 'lost' }),
      () => deleteSnapshot(h.deps, actor, { id: vm, snapshotId: kept.snapshotId }),
      () => restoreSnapshot(h.deps, actor, { id: vm, snapshotId: kept.snapshotId }),
    ]) {
      const [outcome] = await (await attempt()).done;
      expect(outcome).toMatchObject({ status: 'Failed', error: refusal.message });
      expect(await state()).toEqual(before);
    }
  });

  it('takes a live snapshot with memory of a running VM, and refuses a restore while it runs', async () => {
    const vm = await addTestVm(h.db, fleet, {
      name: 'live',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const s = await createSnapshot(h.deps, actor, { id: vm, description: 'hot', memory: true });
    expect((await s.done)[0]).toMatchObject({ status: 'Finished' });
    const [row] = await h.db.query(`SELECT memory, status FROM snapshot WHERE id = $1`, [
      s.snapshotId,
    ]);
    expect(row).toEqual({ memory: true, status: 'OK' });
    expect((await h.db.query(`SELECT status FROM vm WHERE id = $1`, [vm]))[0]).toEqual({
      status: 'Up',
    });

    const before = await snapshotOfStore(h.db);
    const err = await restoreSnapshot(h.deps, actor, { id: vm, snapshotId: s.snapshotId }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe('A VM must be Down to restore a snapshot.');
    expect(await snapshotOfStore(h.db)).toEqual(before);

    const down = await addTestVm(h.db, fleet, { name: 'cold' });
    const beforeCold = await snapshotOfStore(h.db);
    const noMemory = await createSnapshot(h.deps, actor, {
      id: down,
      description: 'm',
      memory: true,
    }).catch((e: unknown) => e);
    expect(noMemory).toBeInstanceOf(AppError);
    expect((noMemory as AppError).field).toBe('memory');
    expect(await snapshotOfStore(h.db)).toEqual(beforeCold);
  });
});
