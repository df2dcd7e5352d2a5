// Create snapshot: every disk's top volume is frozen by the snapshot and a new top
// layer starts above it (parent = the previous top), as the host does with qcow2
// overlays. The snapshot row appears at once, Locked, and is OK when the host is done.
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm, overlayPath, vmDiskLayers } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import type { Started } from '../common.js';
import {
  requireNoSnapshotInProgress,
  runSnapshotOperation,
  snapshotHost,
} from './snapshot-host.js';

export async function createSnapshot(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; description: string; memory?: boolean },
): Promise<Started & { snapshotId: string }> {
  const { db } = deps;
  const vm = await getVm(db, input.id);
  requireVmAction([vm], 'snapshot');
  const memory = input.memory ?? false;
  if (memory && vm.status === 'Down') refuse('Memory is saved only for a running VM.', 'memory');
  await requireNoSnapshotInProgress(deps, vm);
  const host = await snapshotHost(deps, vm);
  const layers = await vmDiskLayers(db, vm.id);
  if (layers.length === 0) refuse(`VM ${vm.name} has no disks to snapshot.`);

  const snapshotId = randomUUID();
  const volumes = layers.map((l) => {
    const volumeId = randomUUID();
    return {
      layer: l,
      volumeId,
      target: {
        diskId: l.disk_id,
        path: overlayPath(l.top_path, snapshotId),
        backingPath: l.top_path,
      },
    };
  });
  const job = await runSnapshotOperation(deps, actor, vm, host, {
    description: `Creating snapshot ${input.description} of VM ${vm.name}`,
    hostStep: 'Creating the snapshot on the host',
    codes: { started: 'USER_CREATE_SNAPSHOT', finished: 'USER_CREATE_SNAPSHOT_FINISHED_SUCCESS' },
    messages: {
      started: (user) =>
        `Snapshot '${input.description}' creation for VM ${vm.name} was initiated by ${user}.`,
      finished: `Snapshot '${input.description}' creation for VM ${vm.name} has been completed.`,
    },
    mark: (tx) =>
      tx.query(
        `INSERT INTO snapshot (id, vm_id, description, snapshot_type, status, memory)
         VALUES ($1, $2, $3, 'Regular', 'Locked', $4)`,
        [snapshotId, vm.id, input.description, memory],
      ),
    onHost: (conn) =>
      conn.createSnapshot(vm.id, {
        id: snapshotId,
        description: input.description,
        memory,
        volumes: volumes.map((v) => v.target),
      }),
    record: async () => {
      await db.transaction(async (tx) => {
        for (const v of volumes) {
          await tx.query(`UPDATE disk_volume SET snapshot_id = $2 WHERE id = $1`, [
            v.layer.top_id,
            snapshotId,
          ]);
          await tx.query(
            `INSERT INTO disk_volume (id, disk_id, parent_id, snapshot_id, path, format)
             VALUES ($1, $2, $3, NULL, $4, 'COW')`,
            [v.volumeId, v.layer.disk_id, v.layer.top_id, v.target.path],
          );
        }
        await tx.query(`UPDATE snapshot SET status = 'OK' WHERE id = $1`, [snapshotId]);
      });
      touched(
        deps,
        'disk',
        layers.map((l) => l.disk_id),
      );
    },
    undo: () => db.query(`DELETE FROM snapshot WHERE id = $1`, [snapshotId]),
  });
  return { snapshotId, ...job };
}
