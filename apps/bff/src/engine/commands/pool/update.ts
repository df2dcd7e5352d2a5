// Edit Pool: description, prestarted, VMs per user, and a larger size — the new VMs are
// made as at creation (`<pool>-<size+1>` …, one job). A pool never shrinks.
import { poolUpdateRule, type PoolUpdateInput } from '@corral/shared';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { recordEvent } from '../../audit.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, startJob, started, type Started } from '../common.js';
import { getCluster } from '../../inventory.js';
import { getPool } from './common.js';
import {
  insertPoolVms,
  LAYER_STEP,
  layerPoolVms,
  planPoolVms,
  poolTemplate,
  requireFreeVmNames,
  UNLOCK_STEP,
  type PlannedVm,
} from './vms.js';

export async function updatePool(
  deps: EngineDeps,
  actor: Actor,
  input: PoolUpdateInput,
): Promise<Started & { vmIds: string[] }> {
  const a = correlate(actor);
  const { db } = deps;
  const pool = await getPool(db, input.id);
  const verdict = poolUpdateRule(pool, input);
  if (!verdict.allowed) refuse(verdict.reason!, verdict.field);
  const size = input.size ?? pool.size;
  let vms: PlannedVm[] = [];
  let template: Awaited<ReturnType<typeof poolTemplate>> | null = null;
  if (size > pool.size) {
    await requireFreeVmNames(db, pool, pool.size + 1, size);
    template = await poolTemplate(db, await getCluster(db, pool.cluster_id), pool.template_id);
    vms = await planPoolVms(deps, pool, template, pool.size + 1, size);
  }
  await db.transaction(async (tx) => {
    // Compare-and-set on the size read: two growths at once cannot both add the same names.
    const rows = await tx.query(
      `UPDATE pool SET description = $3, size = $4, prestarted = $5, max_per_user = $6
        WHERE id = $1 AND size = $2 RETURNING id`,
      [
        pool.id,
        pool.size,
        input.description ?? pool.description,
        size,
        input.prestarted ?? pool.prestarted,
        input.maxPerUser ?? pool.max_per_user,
      ],
    );
    if (rows.length === 0) refuse(`Pool ${pool.name} changed meanwhile; try again.`, 'size');
    if (template) await insertPoolVms(tx, pool, template, vms);
  });
  touched(deps, 'pool', [pool.id]);
  touched(
    deps,
    'vm',
    vms.map((v) => v.id),
  );
  if (!template) {
    await recordEvent(db, deps.feed, {
      code: 'USER_UPDATE_VM_POOL',
      message: `VM pool ${pool.name} was updated by ${a.userName}.`,
      userName: a.userName,
      correlationId: a.correlationId,
      clusterId: pool.cluster_id,
    });
    return { vmIds: [], ...started([]) };
  }
  const t = template;
  const job = await startJob(
    deps,
    a,
    {
      description: `Adding ${vms.length} VMs to pool ${pool.name}`,
      steps: [LAYER_STEP, UNLOCK_STEP],
      refs: { clusterId: pool.cluster_id, templateId: t.id },
    },
    async (j) => {
      await j.event({
        clusterId: pool.cluster_id,
        code: 'USER_UPDATE_VM_POOL_WITH_VMS',
        message: `VM pool ${pool.name} is growing from ${pool.size} to ${size} VMs, by ${a.userName}.`,
      });
      await layerPoolVms(deps, j, pool, vms);
      await j.event({
        clusterId: pool.cluster_id,
        code: 'USER_UPDATE_VM_POOL_WITH_VMS_ADD_SUCCEEDED',
        message: `VM pool ${pool.name} now has ${size} VMs.`,
      });
    },
  );
  return { vmIds: vms.map((v) => v.id), ...started([job]) };
}
