// VM pools (docs/pools.md): New / Edit / Remove Pool for administrators, Take and Return
// for the pools' users. Every mutation answers at once with the jobs it started.
import {
  poolCreateInput,
  poolIdInput,
  poolIdsInput,
  poolReturnInput,
  poolUpdateInput,
} from '@corral/shared';
import {
  ASSIGNED_ROLE,
  createPool,
  removePool,
  returnVm,
  takeVm,
  updatePool,
} from '../../engine/commands/pool/index.js';
import { notFound } from '../../engine/errors.js';
import { poolActionsFor } from '../../engine/commands/pool/views.js';
import { getVm } from '../../engine/inventory.js';
import { can, onlyVisible } from '../../identity/authz.js';
import type { Db } from '../../store/index.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

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
  /** Per pool: `{ edit, remove, take }` verdicts (take: for the caller). */
  actions: procedure
    .meta({ checkedInside: 'answers only for the pools the user may see' })
    .input(poolIdsInput)
    .query(async ({ ctx, input }) =>
      poolActionsFor(
        ctx.db,
        await onlyVisible(ctx.db, ctx.user, 'Pool', input.ids),
        ctx.user.userId,
      ),
    ),
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
      const asPoolAdmin =
        vm.pool_id !== null &&
        (await can(ctx.db, ctx.user, 'EDIT_VM_POOL_CONFIGURATION', 'Pool', vm.pool_id));
      // Someone else's VM is, for this caller, a VM that does not exist.
      if (!asPoolAdmin && !(await holds(ctx.db, ctx.user.userId, vm.id)))
        throw notFound('VM', vm.id);
      const r = await returnVm(depsOf(ctx), actorOf(ctx), { vmId: vm.id, asPoolAdmin });
      return { jobIds: r.jobIds };
    }),
});
