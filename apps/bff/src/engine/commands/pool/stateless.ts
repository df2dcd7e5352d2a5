// Stateless VMs (a pool's, or any VM with `stateless`): once Down after a run, each thin
// disk's layer is made anew over the template's image (`qemu-img create -b`, after the
// old layer is deleted) on an Up host of the cluster, so the next run starts from the
// template's state. The VM is ImageLocked meanwhile, so nothing starts it half reset.
// Simulated hosts have no files: there the reset is the store's (the mark cleared).
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { clusterHosts, connectTo } from '../../inventory.js';
import { runJob, type JobResult } from '../../jobs.js';
import { hostImages } from '../disk/host-images.js';
import { imageFormat } from '../vm/images.js';

const RESET = "Recreating the disks' layers on the template";
const UNLOCK = 'Unlocking the VM';

interface ThinDisk {
  disk_id: string;
  alias: string;
  path: string;
  backing_path: string;
  backing_format: string;
  layers: number;
}

/** The VM's disks with their base volume on another disk's (a template's) volume. */
async function thinDisks(deps: EngineDeps, vmId: string): Promise<ThinDisk[]> {
  return deps.db.query<ThinDisk>(
    `SELECT d.id AS disk_id, d.alias, b.path, t.path AS backing_path, t.format AS backing_format,
            (SELECT COUNT(*)::int FROM disk_volume x WHERE x.disk_id = d.id) AS layers
       FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id
       JOIN disk_volume b ON b.disk_id = d.id
       JOIN disk_volume t ON t.id = b.parent_id AND t.disk_id <> d.id
      WHERE vd.vm_id = $1 ORDER BY d.alias`,
    [vmId],
  );
}

const inFlight = new Map<string, Promise<boolean>>();

/**
 * Resets a Down stateless VM that has run since its last reset (`stateless_dirty`);
 * false when there was nothing to do (or another replica does it). Concurrent callers in
 * this process share one reset; the job's end is awaited.
 */
export function resetStatelessVm(
  deps: EngineDeps,
  vmId: string,
  actor: Actor = { userName: 'SYSTEM' },
): Promise<boolean> {
  const running = inFlight.get(vmId);
  if (running) return running;
  const p = reset(deps, vmId, actor).finally(() => inFlight.delete(vmId));
  inFlight.set(vmId, p);
  return p;
}

async function reset(deps: EngineDeps, vmId: string, actor: Actor): Promise<boolean> {
  const { db } = deps;
  const [vm] = await db.query<{ name: string; cluster_id: string }>(
    `UPDATE vm SET status = 'ImageLocked' WHERE id = $1 AND status = 'Down' AND stateless_dirty
     RETURNING name, cluster_id`,
    [vmId],
  );
  if (!vm) return false;
  touched(deps, 'vm', [vmId]);
  const unlock = async (clean: boolean) => {
    await db.query(
      `UPDATE vm SET status = 'Down', stateless_dirty = stateless_dirty AND NOT $2
        WHERE id = $1 AND status = 'ImageLocked'`,
      [vmId, clean],
    );
    touched(deps, 'vm', [vmId]);
  };
  const job = await runJob(
    deps,
    {
      description: `Restoring the stateless VM ${vm.name}`,
      userName: actor.userName,
      correlationId: actor.correlationId,
      steps: [RESET, UNLOCK],
      refs: { vmId },
    },
    async (j) => {
      try {
        await j.step(RESET, async () => {
          const disks = await thinDisks(deps, vmId);
          const skipped = disks.filter((d) => d.layers > 1);
          const reset = disks.filter((d) => d.layers === 1);
          if (reset.length > 0) {
            const host = (await clusterHosts(db, vm.cluster_id)).find((h) => h.status === 'Up');
            if (!host)
              throw new Error(
                `No Up host in the cluster can recreate the disks of stateless VM ${vm.name}.`,
              );
            const images = hostImages(await connectTo(deps, host));
            for (const d of reset) {
              if (!images) continue; // a simulated host: no files
              await images.remove([d.path]);
              await images.overlay(d.path, d.backing_path, imageFormat(d.backing_format));
            }
          }
          if (skipped.length > 0)
            await j.event({
              vmId,
              severity: 'Warning',
              code: 'STATELESS_DISKS_NOT_RESET',
              message: `Stateless VM ${vm.name}: disks ${skipped.map((d) => d.alias).join(', ')} have snapshot layers and keep their state.`,
            });
        });
      } catch (err) {
        await unlock(false);
        throw err;
      }
      await j.step(UNLOCK, () => unlock(true));
      await j.event({
        vmId,
        code: 'VM_STATELESS_RESTORED',
        message: `Stateless VM ${vm.name} is back in its template's state.`,
      });
    },
  );
  const result: JobResult<unknown> = await job.done;
  return result.status === 'Finished';
}
