// What the Pools tab's toolbar (and the portal) ask of pools: each pool's actions with the
// shared rules' verdicts, from what the grid row does not show — its VMs' statuses and
// assignments, and what the asking user holds.
import { poolRemoveRule, poolTakeRule, type ActionRule, type VmStatus } from '@corral/shared';
import type { Db } from '../../../store/index.js';
import { ASSIGNED_TO } from './common.js';
import { TAKEABLE } from './take.js';

export interface PoolVerdicts {
  readonly edit: ActionRule;
  readonly remove: ActionRule;
  readonly take: ActionRule;
}

export async function poolActionsFor(
  db: Db,
  ids: readonly string[],
  userId: string,
): Promise<Record<string, PoolVerdicts>> {
  if (ids.length === 0) return {};
  const pools = await db.query<{ id: string; max_per_user: number }>(
    `SELECT id, max_per_user FROM pool WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const vms = await db.query<{
    pool_id: string;
    name: string;
    status: VmStatus;
    users: string[];
  }>(
    `SELECT v.pool_id, v.name, v.status, ARRAY(${ASSIGNED_TO}) AS users
       FROM vm v WHERE v.pool_id = ANY($1::uuid[]) ORDER BY length(v.name), v.name`,
    [ids],
  );
  const out: Record<string, PoolVerdicts> = {};
  for (const p of pools) {
    const mine = vms.filter((v) => v.pool_id === p.id);
    const { field: _f, ...remove } = poolRemoveRule(
      mine.map((v) => ({ name: v.name, status: v.status, assigned: v.users.length > 0 })),
    );
    const { field: _g, ...take } = poolTakeRule({
      maxPerUser: p.max_per_user,
      held: mine.filter((v) => v.users.includes(userId)).length,
      free: mine.filter((v) => v.users.length === 0 && TAKEABLE.includes(v.status)).length,
    });
    out[p.id] = { edit: { allowed: true }, remove, take };
  }
  return out;
}
