// Restore snapshot (the VM must be Down): each disk goes back to the volume the snapshot
// froze; every later layer and every later snapshot goes, and a new top layer starts
// over the snapshot's volume. Disks added after the snapshot keep their state.
import { randomUUID } from 'node:crypto';
import type { VolumeTarget } from '../../../hosts/driver.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm, moveVm, overlayPath } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import {
  connectForSnapshots,
  getSnapshot,
  requireNoSnapshotInProgress,
  snapshotHost,
} from './snapshot-host.js';

export async function restoreSnapshot(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string; snapshotId: string },
): Promise<Started> {
  const a = correlate(actor);
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

  await reach(deps, [host]);
  await db.transaction(async (tx) => {
    if (!(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
      refuse(`VM ${vm.name} changed state meanwhile; try again.`);
    await tx.query(`UPDATE snapshot SET status = 'Locked' WHERE id = $1`, [snap.id]);
  });
  touched(deps, 'vm', [vm.id]);
  const unlock = async () => {
    await db.query(`UPDATE snapshot SET status = 'OK' WHERE id = $1 AND status = 'Locked'`, [
      snap.id,
    ]);
    await moveVm(db, vm.id, ['ImageLocked'], { status: 'Down' });
    touched(deps, 'vm', [vm.id]);
  };

  const job = await startJob(
    deps,
    a,
    {
      description: `Restoring VM ${vm.name} from snapshot ${snap.description}`,
      steps: ['Reverting the disks on the host', 'Recording the volume chains'],
      refs: { vmId: vm.id, hostId: host.id },
    },
    async (j) => {
      await j.event({
        vmId: vm.id,
        code: 'USER_RESTORE_FROM_SNAPSHOT_START',
        message: `Restoring VM ${vm.name} from snapshot '${snap.description}' was initiated by ${a.userName}.`,
      });
      await orUndo(async () => {
        await j.step('Reverting the disks on the host', async () => {
          const conn = await connectForSnapshots(deps, vm, host);
          await conn.revertSnapshot(
            vm.id,
            snap.id,
            tops.map((t) => t.target),
          );
        });
        await j.step('Recording the volume chains', async () => {
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
          await unlock();
        });
      }, unlock);
      await j.event({
        vmId: vm.id,
        code: 'USER_RESTORE_FROM_SNAPSHOT_FINISH_SUCCESS',
        message: `VM ${vm.name} was restored from snapshot '${snap.description}'.`,
      });
    },
  );
  return started([job]);
}
