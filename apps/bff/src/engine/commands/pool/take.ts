// Take a VM from a pool (the user portal's "Take"): the acting user gets a free VM of the
// pool — one already running (prestarted) first — as a UserRole permission on it, within
// the pool's VMs-per-user; a Down one is started (Run, as the user). Two takes never get
// the same VM: the pool row is locked for the choice and the assignment, and the VM row
// with SKIP LOCKED. USER_TOOK_VM_FROM_POOL.
import { poolTakeRule, type VmStatus } from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, type Started } from '../common.js';
import { runVm } from '../vm/run.js';
import { ASSIGNED_TO, assignedRoleId, getPool, unassign } from './common.js';
import { resetStatelessVm } from './stateless.js';

/** The statuses a free pool VM can be handed out in, best first. */
export const TAKEABLE: readonly VmStatus[] = ['Up', 'PoweringUp', 'WaitForLaunch', 'Down'];

export async function takeVm(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started & { vmId: string }> {
  const a = correlate(actor);
  const { db } = deps;
  const userId = a.userId;
  if (!userId) refuse('Only a signed-in user can take a VM from a pool.', 'id');
  const roleId = await assignedRoleId(db);
  const { pool, vm } = await db.transaction(async (tx) => {
    const pool = await getPool(tx, input.id, true);
    const [held] = await tx.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM vm v
        WHERE v.pool_id = $1 AND $2::uuid IN (${ASSIGNED_TO})`,
      [pool.id, userId],
    );
    const [vm] = await tx.query<{ id: string; name: string; status: VmStatus }>(
      `SELECT v.id, v.name, v.status FROM vm v
        WHERE v.pool_id = $1 AND v.status = ANY($2::text[]) AND NOT EXISTS (${ASSIGNED_TO})
        ORDER BY array_position($2::text[], v.status), length(v.name), v.name
        LIMIT 1 FOR UPDATE OF v SKIP LOCKED`,
      [pool.id, TAKEABLE],
    );
    const verdict = poolTakeRule({
      maxPerUser: pool.max_per_user,
      held: held!.n,
      free: vm ? 1 : 0,
    });
    if (!verdict.allowed) refuse(verdict.reason!, verdict.field);
    await tx.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id) VALUES ($1, $2, 'Vm', $3)`,
      [userId, roleId, vm!.id],
    );
    // A Down VM returns to an Automatic pool only after this user's run of it ends.
    if (vm!.status === 'Down')
      await tx.query(`UPDATE vm SET pool_ran = false WHERE id = $1`, [vm!.id]);
    return { pool, vm: vm! };
  });
  let jobIds: string[] = [];
  let done: Started['done'] = Promise.resolve([]);
  if (vm.status === 'Down') {
    try {
      await resetStatelessVm(deps, vm.id);
      const run = await runVm(deps, a, { ids: [vm.id] });
      jobIds = run.jobIds;
      done = run.done;
    } catch (err) {
      // The VM could not start: the user does not keep it.
      await unassign(db, vm.id, userId);
      touched(deps, 'vm', [vm.id]);
      throw err;
    }
  }
  await recordEvent(db, deps.feed, {
    code: 'USER_TOOK_VM_FROM_POOL',
    message: `${a.userName} took VM ${vm.name} from pool ${pool.name}.`,
    userName: a.userName,
    userId,
    correlationId: a.correlationId,
    vmId: vm.id,
  });
  touched(deps, 'vm', [vm.id]);
  touched(deps, 'pool', [pool.id]);
  return { vmId: vm.id, jobIds, done };
}
