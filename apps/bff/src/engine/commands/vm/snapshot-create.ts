// Create snapshot: every disk's top volume is frozen by the snapshot and a new top
// layer starts above it (parent = the previous top), as the host does with qcow2
// overlays. The snapshot row appears at once, Locked, and is OK when the host is done.
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm, moveVm, overlayPath, vmDiskLayers } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { connectForSnapshots, requireNoSnapshotInProgress, snapshotHost } from './snapshot-host.js';

export async function createSnapshot(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; description: string; memory?: boolean },
): Promise<Started & { snapshotId: string }> {
  const a = correlate(actor);
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
  const wasDown = vm.status === 'Down';
  await reach(deps, [host]);
  await db.transaction(async (tx) => {
    if (wasDown && !(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
      refuse(`VM ${vm.name} changed state meanwhile; try again.`);
    await tx.query(
      `INSERT INTO snapshot (id, vm_id, description, snapshot_type, status, memory)
       VALUES ($1, $2, $3, 'Regular', 'Locked', $4)`,
      [snapshotId, vm.id, input.description, memory],
    );
  });
  touched(deps, 'vm', [vm.id]);

  const unlock = async () => {
    if (wasDown) await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
    touched(deps, 'vm', [vm.id]);
  };
  const job = await startJob(
    deps,
    a,
    {
      description: `Creating snapshot ${input.description} of VM ${vm.name}`,
      steps: ['Creating the snapshot on the host', 'Recording the volume chains'],
      refs: { vmId: vm.id, hostId: host.id },
    },
    async (j) => {
      await j.event({
        vmId: vm.id,
        code: 'USER_CREATE_SNAPSHOT',
        message: `Snapshot '${input.description}' creation for VM ${vm.name} was initiated by ${a.userName}.`,
      });
      await orUndo(
        async () => {
          await j.step('Creating the snapshot on the host', async () => {
            const conn = await connectForSnapshots(deps, vm, host);
            await conn.createSnapshot(vm.id, {
              id: snapshotId,
              description: input.description,
              memory,
              volumes: volumes.map((v) => v.target),
            });
          });
          await j.step('Recording the volume chains', async () => {
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
            await unlock();
          });
        },
        async () => {
          await db.query(`DELETE FROM snapshot WHERE id = $1`, [snapshotId]);
          await unlock();
        },
      );
      await j.event({
        vmId: vm.id,
        code: 'USER_CREATE_SNAPSHOT_FINISHED_SUCCESS',
        message: `Snapshot '${input.description}' creation for VM ${vm.name} has been completed.`,
      });
    },
  );
  return { snapshotId, ...started([job]) };
}
