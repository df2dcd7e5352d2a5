// Delete snapshot: the layer above the snapshot's volume is merged into it (the host
// commits it down), so the chain loses one volume and the VM keeps its current state.
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import type { Started } from '../common.js';
import {
  getSnapshot,
  requireNoSnapshotInProgress,
  runSnapshotOperation,
  snapshotHost,
} from './snapshot-host.js';

export async function deleteSnapshot(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; snapshotId: string },
): Promise<Started> {
  const { db } = deps;
  const vm = await getVm(db, input.id);
  requireVmAction([vm], 'snapshot');
  const snap = await getSnapshot(deps, vm, input.snapshotId);
  await requireNoSnapshotInProgress(deps, vm);
  const host = await snapshotHost(deps, vm);

  return runSnapshotOperation(deps, actor, vm, host, {
    description: `Deleting snapshot ${snap.description} of VM ${vm.name}`,
    hostStep: 'Merging the snapshot on the host',
    codes: { started: 'USER_REMOVE_SNAPSHOT', finished: 'USER_REMOVE_SNAPSHOT_FINISHED_SUCCESS' },
    messages: {
      started: (user) =>
        `Snapshot '${snap.description}' deletion for VM ${vm.name} was initiated by ${user}.`,
      finished: `Snapshot '${snap.description}' deletion for VM ${vm.name} has been completed.`,
    },
    mark: (tx) => tx.query(`UPDATE snapshot SET status = 'Locked' WHERE id = $1`, [snap.id]),
    onHost: (conn) => conn.deleteSnapshot(vm.id, snap.id),
    record: async () => {
      const disks = await db.transaction(async (tx) => {
        const frozen = await tx.query<{
          id: string;
          disk_id: string;
          child_id: string | null;
          child_snapshot: string | null;
        }>(
          `SELECT v.id, v.disk_id, c.id AS child_id, c.snapshot_id AS child_snapshot
             FROM disk_volume v
             LEFT JOIN disk_volume c ON c.parent_id = v.id AND c.disk_id = v.disk_id
            WHERE v.snapshot_id = $1`,
          [snap.id],
        );
        for (const f of frozen) {
          await tx.query(`UPDATE disk_volume SET snapshot_id = $2 WHERE id = $1`, [
            f.id,
            f.child_snapshot,
          ]);
          if (!f.child_id) continue;
          await tx.query(`UPDATE disk_volume SET parent_id = $1 WHERE parent_id = $2`, [
            f.id,
            f.child_id,
          ]);
          await tx.query(`DELETE FROM disk_volume WHERE id = $1`, [f.child_id]);
        }
        await tx.query(`DELETE FROM snapshot WHERE id = $1`, [snap.id]);
        return frozen.map((f) => f.disk_id);
      });
      touched(deps, 'disk', disks);
    },
    undo: () =>
      db.query(`UPDATE snapshot SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [snap.id]),
  });
}
