// The pool's prestarted VMs: each pool keeps `prestarted` of its unassigned VMs running,
// ready to be taken, by starting Down unassigned ones through Run (jobs, audit and rules
// as for a user's Run, by SYSTEM). It never starts more than are missing, and never stops
// any (oVirt does not either).
import type { Actor, EngineDeps } from '../../deps.js';
import { errorMessage } from '../../jobs.js';
import { runVm } from '../vm/run.js';
import { allPools, ASSIGNED_TO, type PoolRow } from './common.js';
import { resetStatelessVm } from './stateless.js';

export interface KeepReport {
  /** VM ids started, per pool id. */
  readonly started: Map<string, string[]>;
  /** Why a pool's VMs could not be started, per pool id. */
  readonly errors: Map<string, string>;
}

const SYSTEM: Actor = { userName: 'SYSTEM' };

export async function keepPrestarted(
  deps: EngineDeps,
  poolIds?: readonly string[],
): Promise<KeepReport> {
  const report: KeepReport = { started: new Map(), errors: new Map() };
  const pools = (await allPools(deps.db)).filter((p) => !poolIds || poolIds.includes(p.id));
  for (const pool of pools) {
    if (pool.prestarted <= 0) continue;
    try {
      const ids = await keepPool(deps, pool);
      if (ids.length > 0) report.started.set(pool.id, ids);
    } catch (err) {
      report.errors.set(pool.id, errorMessage(err));
    }
  }
  return report;
}

async function keepPool(deps: EngineDeps, pool: PoolRow): Promise<string[]> {
  const vms = await deps.db.query<{ id: string; status: string }>(
    `SELECT v.id, v.status FROM vm v
      WHERE v.pool_id = $1 AND NOT EXISTS (${ASSIGNED_TO})
      ORDER BY length(v.name), v.name`,
    [pool.id],
  );
  // Everything not Down counts as on its way up or running (ImageLocked: being reset or made).
  const running = vms.filter((v) => v.status !== 'Down' && v.status !== 'ImageLocked').length;
  const missing = pool.prestarted - running;
  if (missing <= 0) return [];
  const down = vms.filter((v) => v.status === 'Down').slice(0, missing);
  if (down.length === 0) return [];
  for (const v of down) await resetStatelessVm(deps, v.id);
  const started = await runVm(deps, SYSTEM, { ids: down.map((v) => v.id) });
  void started.done;
  return down.map((v) => v.id);
}
