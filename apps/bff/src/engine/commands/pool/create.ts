// New Pool: the pool row and `size` Thin VMs from its template, `<pool>-1` … `<pool>-<size>`,
// in one job (USER_ADD_VM_POOL_WITH_VMS / …_ADD_SUCCEEDED). The keeper then starts the
// prestarted ones.
import type { PoolCreateInput } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, startJob, started, type Started } from '../common.js';
import { clusterFor } from '../vm/config.js';
import {
  insertPoolVms,
  LAYER_STEP,
  layerPoolVms,
  planPoolVms,
  poolTemplate,
  requireFreeVmNames,
  UNLOCK_STEP,
} from './vms.js';

export async function createPool(
  deps: EngineDeps,
  actor: Actor,
  input: PoolCreateInput,
): Promise<Started & { id: string; vmIds: string[] }> {
  const a = correlate(actor);
  const { db } = deps;
  if (input.prestarted > input.size)
    refuse('Prestarted VMs cannot be more than the pool size.', 'prestarted');
  const cluster = await clusterFor(db, input.clusterId);
  const [taken] = await db.query(`SELECT 1 FROM pool WHERE lower(name) = lower($1)`, [input.name]);
  if (taken) refuse(`A pool named ${input.name} already exists.`, 'name');
  await requireFreeVmNames(db, input, 1, input.size);
  const template = await poolTemplate(db, cluster, input.templateId);

  const pool = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    cluster_id: cluster.id,
    stateless: input.stateless,
  };
  const vms = await planPoolVms(deps, pool, template, 1, input.size);
  try {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO pool (id, cluster_id, template_id, name, description, pool_type, size,
           prestarted, max_per_user, stateless)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          pool.id,
          cluster.id,
          template.id,
          input.name,
          input.description,
          input.poolType,
          input.size,
          input.prestarted,
          input.maxPerUser,
          input.stateless,
        ],
      );
      await insertPoolVms(tx, pool, template, vms);
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(`A pool or VM named ${input.name} already exists.`, 'name');
    throw err;
  }
  touched(deps, 'pool', [pool.id]);
  touched(
    deps,
    'vm',
    vms.map((v) => v.id),
  );
  touched(
    deps,
    'disk',
    vms.flatMap((v) => v.disks.map((d) => d.id)),
  );

  const job = await startJob(
    deps,
    a,
    {
      description: `Creating VM pool ${input.name}`,
      steps: [LAYER_STEP, UNLOCK_STEP],
      refs: { clusterId: cluster.id, templateId: template.id },
    },
    async (j) => {
      await j.event({
        clusterId: cluster.id,
        templateId: template.id,
        code: 'USER_ADD_VM_POOL_WITH_VMS',
        message: `VM pool ${input.name} (${input.size} VMs from template ${template.name}) creation was initiated by ${a.userName}.`,
      });
      await layerPoolVms(deps, j, pool, vms);
      touched(deps, 'pool', [pool.id]);
      await j.event({
        clusterId: cluster.id,
        templateId: template.id,
        code: 'USER_ADD_VM_POOL_WITH_VMS_ADD_SUCCEEDED',
        message: `VM pool ${input.name} was created with ${input.size} VMs.`,
      });
    },
  );
  return { id: pool.id, vmIds: vms.map((v) => v.id), ...started([job]) };
}
