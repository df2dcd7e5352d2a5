// Remove Pool: refused while any of its VMs runs or is assigned to a user; else its VMs
// are removed (Remove VM's jobs, disks included) and then the pool, in a job that waits
// for them (USER_REMOVE_VM_POOL / …_SUCCEEDED).
import { poolRemoveRule } from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, startJob, started, type Started } from '../common.js';
import { removeVm } from '../vm/remove.js';
import { getPool, poolVms } from './common.js';

export async function removePool(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const pool = await getPool(db, input.id);
  const vms = await poolVms(db, pool.id);
  const verdict = poolRemoveRule(vms.map((v) => ({ ...v, assigned: v.users.length > 0 })));
  if (!verdict.allowed) refuse(verdict.reason!, verdict.field);
  // Locks every VM (Down → ImageLocked) at once or refuses: none can be taken or started now.
  const removal = vms.length > 0 ? await removeVm(deps, a, { ids: vms.map((v) => v.id) }) : null;
  const job = await startJob(
    deps,
    a,
    {
      description: `Removing VM pool ${pool.name}`,
      steps: ['Removing the VMs', 'Removing the pool'],
      refs: { clusterId: pool.cluster_id },
    },
    async (j) => {
      await j.event({
        clusterId: pool.cluster_id,
        code: 'USER_REMOVE_VM_POOL',
        message: `VM pool ${pool.name} removal was initiated by ${a.userName}.`,
      });
      await j.step('Removing the VMs', async () => {
        const results = removal ? await removal.done : [];
        const failed = results.filter((r) => r.status === 'Failed');
        if (failed.length > 0)
          throw new Error(
            `${failed.length} of the pool's VMs could not be removed: ${failed.map((f) => (f.status === 'Failed' ? f.error : '')).join('; ')}`,
          );
      });
      await j.step('Removing the pool', async () => {
        await db.query(`DELETE FROM permission WHERE object_type = 'Pool' AND object_id = $1`, [
          pool.id,
        ]);
        await db.query(`DELETE FROM pool WHERE id = $1`, [pool.id]);
        touched(deps, 'pool', [pool.id], 'remove');
      });
      await j.event({
        clusterId: pool.cluster_id,
        code: 'USER_REMOVE_VM_POOL_SUCCEEDED',
        message: `VM pool ${pool.name} was removed.`,
      });
    },
  );
  return started([job]);
}
