// Restore snapshot (the VM must be Down): each disk goes back to the volume the snapshot
// froze; every later layer and every later snapshot goes, and a new top layer starts
// over the snapshot's volume. Disks added after the snapshot keep their state.
import { randomUUID } from 'node:crypto';
import type { VolumeTarget } from '../../../hosts/driver.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm, overlayPath } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import type { Started } from '../common.js';
import {
  getSnapshot,
  requireNoSnapshotInProgress,
  runSnapshotOperation,
  snapshotHost,
} from './snapshot-host.js';

export async function restoreSnapshot(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; snapshotId: string },
): Promise<Started> {
  const { db } = deps;
  const vm = await getVm(db, input.id);
  requireVmAction([vm], 'restoreSnapshot');
  const snap = await getSnapshot(deps, vm, input.snapshotId);
  await requireNoSnapshotInProgress(deps, vm);
  const host = await snapshotHost(deps, vm);

  const frozen = await db.query<{
    id: string;
    disk_id: string;
    path: string;
    storage_domain_id: string;
  }>(
    `SELECT v.id, v.disk_id, v.path, d.storage_domain_id
       FROM disk_volume v JOIN disk d ON d.id = v.disk_id
       JOIN vm_disk vd ON vd.disk_id = d.id AND vd.vm_id = $2
      WHERE v.snapshot_id = $1`,
    [snap.id, vm.id],
  );
  const tops = frozen.map((f) => {
    const volumeId = randomUUID();
    const target: VolumeTarget = {
      diskId: f.disk_id,
      path: overlayPath(f.path, snap.id),
      backingPath: f.path,
    };
    return { frozen: f, volumeId, target };
  });
  // The snapshot stays (it is the VM's state now): it is OK again however the job ends.
  const release = () =>
    db.query(`UPDATE snapshot SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [snap.id]);

  return runSnapshotOperation(deps, actor, vm, host, {
    description: `Restoring VM ${vm.name} from snapshot ${snap.description}`,
    hostStep: 'Reverting the disks on the host',
    codes: {
      started: 'USER_RESTORE_FROM_SNAPSHOT_START',
      finished: 'USER_RESTORE_FROM_SNAPSHOT_FINISH_SUCCESS',
    },
    messages: {
      started: (user) =>
        `Restoring VM ${vm.name} from snapshot '${snap.description}' was initiated by ${user}.`,
      finished: `VM ${vm.name} was restored from snapshot '${snap.description}'.`,
    },
    mark: (tx) => tx.query(`UPDATE snapshot SET status = 'Locked' WHERE id = $1`, [snap.id]),
    onHost: (conn) =>
      conn.revertSnapshot(
        vm.id,
        snap.id,
        tops.map((t) => t.target),
      ),
    record: async () => {
      await db.transaction(async (tx) => {
        const later = await tx.query<{ id: string; snapshot_id: string | null }>(
          `WITH RECURSIVE later AS (
               SELECT c.id, c.snapshot_id FROM disk_volume c
                 JOIN disk_volume s ON s.id = c.parent_id AND s.disk_id = c.disk_id
                WHERE s.id = ANY($1::uuid[])
               UNION ALL
               SELECT c.id, c.snapshot_id FROM disk_volume c JOIN later l ON c.parent_id = l.id
             ) SELECT id, snapshot_id FROM later`,
          [frozen.map((f) => f.id)],
        );
        await tx.query(`DELETE FROM disk_volume WHERE id = ANY($1::uuid[])`, [
          later.map((l) => l.id),
        ]);
        const laterSnapshots = [
          ...new Set(
            later.map((l) => l.snapshot_id).filter((s): s is string => !!s && s !== snap.id),
          ),
        ];
        await tx.query(`DELETE FROM snapshot WHERE id = ANY($1::uuid[]) AND vm_id = $2`, [
          laterSnapshots,
          vm.id,
        ]);
        for (const t of tops)
          await tx.query(
            `INSERT INTO disk_volume (id, disk_id, parent_id, snapshot_id, path, format)
               VALUES ($1, $2, $3, NULL, $4, 'COW')`,
            [t.volumeId, t.frozen.disk_id, t.frozen.id, t.target.path],
          );
      });
      touched(
        deps,
        'disk',
        frozen.map((f) => f.disk_id),
      );
      await release();
    },
    undo: release,
  });
}
