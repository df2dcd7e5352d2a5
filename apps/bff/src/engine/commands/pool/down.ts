// What a pool does when its VMs go Down (called for every VM change the feed announces,
// and by the keeper's cycle as a safety net): an Automatic pool takes back a VM its user
// has run and stopped (the assignment goes, VM_RETURNED_TO_POOL); a Manual pool's user
// keeps it. A stateless VM that has run gets its disks back in the template's state.
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { EngineDeps } from '../../deps.js';
import { ASSIGNED_TO, unassign, userLogin } from './common.js';
import { resetStatelessVm } from './stateless.js';

interface DownVm {
  id: string;
  name: string;
  pool_id: string | null;
  pool_name: string | null;
  automatic: boolean;
  assigned: boolean;
  stateless_dirty: boolean;
}

/**
 * Handles the Down VMs among `vmIds` (all VMs needing it when absent); answers the ids
 * it returned to their pool and the ids it reset.
 */
export async function handleDownVms(
  deps: EngineDeps,
  vmIds?: readonly string[],
): Promise<{ returned: string[]; reset: string[] }> {
  const { db } = deps;
  const rows = await db.query<DownVm>(
    `SELECT * FROM (
       SELECT v.id, v.name, v.pool_id, p.name AS pool_name,
              COALESCE(p.pool_type = 'Automatic', false) AS automatic,
              EXISTS (${ASSIGNED_TO}) AS assigned, v.stateless_dirty, v.pool_ran
         FROM vm v LEFT JOIN pool p ON p.id = v.pool_id
        WHERE v.status = 'Down' AND ($1::uuid[] IS NULL OR v.id = ANY($1::uuid[]))
          AND (v.stateless_dirty OR (v.pool_id IS NOT NULL AND v.pool_ran))) x
      WHERE x.stateless_dirty OR (x.automatic AND x.assigned)`,
    [vmIds ?? null],
  );
  const returned: string[] = [];
  const reset: string[] = [];
  for (const vm of rows) {
    if (vm.automatic && vm.assigned) {
      // Only while it is still Down and has run since the take (a take in between wins).
      const users = await db.transaction(async (tx) => {
        const [still] = await tx.query(
          `SELECT 1 FROM vm WHERE id = $1 AND status = 'Down' AND pool_ran FOR UPDATE`,
          [vm.id],
        );
        return still ? unassign(tx, vm.id) : [];
      });
      if (users.length > 0) {
        returned.push(vm.id);
        const logins = await Promise.all(users.map((u) => userLogin(db, u)));
        await recordEvent(db, deps.feed, {
          code: 'VM_RETURNED_TO_POOL',
          message: `VM ${vm.name} is Down and returned to pool ${vm.pool_name} (it was ${logins.join(', ')}'s).`,
          userName: 'SYSTEM',
          vmId: vm.id,
        });
        touched(deps, 'vm', [vm.id]);
        touched(deps, 'pool', [vm.pool_id!]);
      }
    }
    if (vm.stateless_dirty && (await resetStatelessVm(deps, vm.id))) reset.push(vm.id);
  }
  return { returned, reset };
}
