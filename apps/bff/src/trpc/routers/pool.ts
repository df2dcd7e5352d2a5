// VM pools (docs/pools.md): New / Edit / Remove Pool for administrators, Take and Return
// for the pools' users. Every mutation answers at once with the jobs it started.
import { poolCreateInput, poolIdInput, poolReturnInput, poolUpdateInput } from '@corral/shared';
import {
  ASSIGNED_ROLE,
  createPool,
  removePool,
  returnVm,
  takeVm,
  updatePool,
} from '../../engine/commands/pool/index.js';
import { notFound } from '../../engine/errors.js';
import { getVm } from '../../engine/inventory.js';
import type { Principal } from '../../identity/principal.js';
import type { Db } from '../../store/index.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

/**
 * Whether the principal holds EDIT_VM_POOL_CONFIGURATION on the pool: on System, or a
 * permission on the pool, its cluster or its data center.
 */
async function poolAdmin(db: Db, user: Principal, poolId: string): Promise<boolean> {
  if (user.systemGroups.has('EDIT_VM_POOL_CONFIGURATION')) return true;
  const [row] = await db.query(
    `SELECT 1 FROM pool p JOIN cluster c ON c.id = p.cluster_id
       JOIN permission pm ON pm.user_id = ANY($2::uuid[])
       JOIN role r ON r.id = pm.role_id
      WHERE p.id = $1 AND 'EDIT_VM_POOL_CONFIGURATION' = ANY(r.action_groups)
        AND ((pm.object_type = 'Pool' AND pm.object_id = p.id)
          OR (pm.object_type = 'Cluster' AND pm.object_id = c.id)
          OR (pm.object_type = 'DataCenter' AND pm.object_id = c.data_center_id))
      LIMIT 1`,
    [poolId, [...user.subjectIds]],
  );
  return Boolean(row);
}

/** Whether the VM is assigned to the user (their UserRole on it). */
async function holds(db: Db, userId: string, vmId: string): Promise<boolean> {
  const [row] = await db.query(
    `SELECT 1 FROM permission p JOIN role r ON r.id = p.role_id
      WHERE p.user_id = $1 AND r.name = $3 AND p.object_type = 'Vm' AND p.object_id = $2`,
    [userId, vmId, ASSIGNED_ROLE],
  );
  return Boolean(row);
}

export const poolRouter = router({
  create: procedure
    .meta({
      needs: {
        group: 'CREATE_VM_POOL',
        on: 'Cluster',
        id: (i: { clusterId: string }) => i.clusterId,
      },
    })
    .input(poolCreateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await createPool(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, vmIds: r.vmIds, jobIds: r.jobIds };
    }),
  update: procedure
    .meta({
      needs: { group: 'EDIT_VM_POOL_CONFIGURATION', on: 'Pool', id: (i: { id: string }) => i.id },
    })
    .input(poolUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await updatePool(depsOf(ctx), actorOf(ctx), input);
      return { vmIds: r.vmIds, jobIds: r.jobIds };
    }),
  remove: procedure
    .meta({ needs: { group: 'DELETE_VM_POOL', on: 'Pool', id: (i: { id: string }) => i.id } })
    .input(poolIdInput)
    .mutation(async ({ ctx, input }) => {
      const r = await removePool(depsOf(ctx), actorOf(ctx), input);
      return { jobIds: r.jobIds };
    }),
  /** The caller takes a free VM of the pool (started when Down): `{ vmId, jobIds }`. */
  take: procedure
    .meta({
      needs: { group: 'VM_POOL_BASIC_OPERATIONS', on: 'Pool', id: (i: { id: string }) => i.id },
    })
    .input(poolIdInput)
    .mutation(async ({ ctx, input }) => {
      const r = await takeVm(depsOf(ctx), actorOf(ctx), input);
      return { vmId: r.vmId, jobIds: r.jobIds };
    }),
  /** Hands a pool VM back: the caller's own, or any assigned one for a pool administrator. */
  returnVm: procedure
    .meta({
      checkedInside:
        'The VM must be assigned to the caller (their UserRole on it), or the caller holds EDIT_VM_POOL_CONFIGURATION on its pool; anyone else gets NOT_FOUND, as for a VM that does not exist.',
    })
    .input(poolReturnInput)
    .mutation(async ({ ctx, input }) => {
      const vm = await getVm(ctx.db, input.vmId);
      const asPoolAdmin = vm.pool_id !== null && (await poolAdmin(ctx.db, ctx.user, vm.pool_id));
      // Someone else's VM is, for this caller, a VM that does not exist.
      if (!asPoolAdmin && !(await holds(ctx.db, ctx.user.userId, vm.id)))
        throw notFound('VM', vm.id);
      const r = await returnVm(depsOf(ctx), actorOf(ctx), { vmId: vm.id, asPoolAdmin });
      return { jobIds: r.jobIds };
    }),
});
