// The VM commands (engine) and what the portal needs around them: which actions each
// selected VM allows and why not, and what the New VM / Run Once / Migrate dialogs
// offer. Every mutation answers at once with the jobs it started.
import {
  makeTemplateInput,
  OPERATING_SYSTEMS,
  snapshotCreateInput,
  snapshotInput,
  vmCloneInput,
  vmCreateInput,
  vmFormOptionsInput,
  vmIdsInput,
  vmMigrateInput,
  vmRemoveInput,
  vmRunInput,
  vmRunOnceInput,
  vmUpdateInput,
} from '@corral/shared';
import {
  cloneVm,
  createSnapshot,
  createVm,
  deleteSnapshot,
  makeTemplate,
  migrateVm,
  powerOffVm,
  rebootVm,
  removeVm,
  restoreSnapshot,
  runOnce,
  runVm,
  shutdownVm,
  suspendVm,
  updateVm,
  type Actor,
  type EngineDeps,
  type Started,
} from '../../engine/index.js';
import { vmActionsFor, vmFormOptions } from '../../engine/views.js';
import { filterVisible, onlyVisible, requireGroup, requireVisible } from '../../identity/authz.js';
import { createOwned } from '../../identity/ownership.js';
import { onId, onIds, procedure, router } from '../trpc.js';
import type { Context } from '../context.js';

/** The engine's dependencies for one request: the context's store and engine services. */
export const depsOf = (ctx: Context): EngineDeps => ({ ...ctx.engine, db: ctx.db });
export const actorOf = (ctx: Context): Actor => {
  if (!ctx.user) throw new Error('actorOf: no user in the context (procedure not authenticated)');
  return { userName: ctx.user.login, userId: ctx.user.userId };
};

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const vmActionsRouter = router({
  create: procedure
    .meta({
      needs: { group: 'CREATE_VM', on: 'Cluster', id: (i: { clusterId: string }) => i.clusterId },
    })
    .input(vmCreateInput)
    .mutation(async ({ ctx, input }) => {
      // A creator who does not see everything owns what they create, within their quota.
      const r = await createOwned(ctx.db, ctx.user, () =>
        createVm(depsOf(ctx), actorOf(ctx), input),
      );
      if (!ctx.user.seesAll) ctx.engine.feed.publish([{ object: 'vm', ids: [r.id], op: 'upsert' }]);
      return { id: r.id, jobIds: r.jobIds };
    }),
  update: procedure
    .meta({ needs: onId('EDIT_VM_PROPERTIES', 'Vm') })
    .input(vmUpdateInput)
    .mutation(async ({ ctx, input }) => {
      // Moving it to another cluster is creating a VM there.
      if (input.clusterId && !ctx.user.systemGroups.has('CREATE_VM')) {
        const [vm] = await ctx.db.query<{ cluster_id: string }>(
          'SELECT cluster_id FROM vm WHERE id = $1',
          [input.id],
        );
        if (vm && vm.cluster_id !== input.clusterId) {
          await requireGroup(
            ctx.db,
            ctx.user,
            'CREATE_VM',
            'Cluster',
            [input.clusterId],
            'move the VM to',
          );
        }
      }
      return jobs(await updateVm(depsOf(ctx), actorOf(ctx), input));
    }),
  remove: procedure
    .meta({ needs: onIds('DELETE_VM', 'Vm') })
    .input(vmRemoveInput)
    .mutation(async ({ ctx, input }) => jobs(await removeVm(depsOf(ctx), actorOf(ctx), input))),
  run: procedure
    .meta({
      needs: [
        onIds('VM_BASIC_OPERATIONS', 'Vm'),
        {
          group: 'VM_BASIC_OPERATIONS',
          on: 'Host',
          id: (i: { hostId?: string | null }) => i.hostId,
          optional: true,
          verb: 'run VMs on',
        },
      ],
    })
    .input(vmRunInput)
    .mutation(async ({ ctx, input }) => jobs(await runVm(depsOf(ctx), actorOf(ctx), input))),
  runOnce: procedure
    .meta({ needs: onId('VM_BASIC_OPERATIONS', 'Vm') })
    .input(vmRunOnceInput)
    .mutation(async ({ ctx, input }) => jobs(await runOnce(depsOf(ctx), actorOf(ctx), input))),
  shutdown: procedure
    .meta({ needs: onIds('VM_BASIC_OPERATIONS', 'Vm') })
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await shutdownVm(depsOf(ctx), actorOf(ctx), input))),
  powerOff: procedure
    .meta({ needs: onIds('VM_BASIC_OPERATIONS', 'Vm') })
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await powerOffVm(depsOf(ctx), actorOf(ctx), input))),
  reboot: procedure
    .meta({ needs: onIds('VM_BASIC_OPERATIONS', 'Vm') })
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await rebootVm(depsOf(ctx), actorOf(ctx), input))),
  suspend: procedure
    .meta({ needs: onIds('VM_BASIC_OPERATIONS', 'Vm') })
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await suspendVm(depsOf(ctx), actorOf(ctx), input))),
  migrate: procedure
    .meta({ needs: onIds('MIGRATE_VM', 'Vm') })
    .input(vmMigrateInput)
    .mutation(async ({ ctx, input }) => jobs(await migrateVm(depsOf(ctx), actorOf(ctx), input))),
  createSnapshot: procedure
    .meta({ needs: onId('MANIPULATE_VM_SNAPSHOTS', 'Vm') })
    .input(snapshotCreateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await createSnapshot(depsOf(ctx), actorOf(ctx), input);
      return { snapshotId: r.snapshotId, jobIds: r.jobIds };
    }),
  restoreSnapshot: procedure
    .meta({ needs: onId('MANIPULATE_VM_SNAPSHOTS', 'Vm') })
    .input(snapshotInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await restoreSnapshot(depsOf(ctx), actorOf(ctx), input)),
    ),
  deleteSnapshot: procedure
    .meta({ needs: onId('MANIPULATE_VM_SNAPSHOTS', 'Vm') })
    .input(snapshotInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await deleteSnapshot(depsOf(ctx), actorOf(ctx), input)),
    ),
  makeTemplate: procedure
    .meta({ needs: onId('CREATE_TEMPLATE', 'Vm') })
    .input(makeTemplateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await makeTemplate(depsOf(ctx), actorOf(ctx), input);
      return { templateId: r.templateId, jobIds: r.jobIds };
    }),
  clone: procedure
    .meta({ needs: onId('CREATE_VM', 'Vm') })
    .input(vmCloneInput)
    .mutation(async ({ ctx, input }) => {
      const r = await cloneVm(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds };
    }),
  /** Per VM id: every action, allowed or not and why (the shared rules plus the store). */
  actions: procedure
    .meta({ checkedInside: 'answers only for the VMs the user may see' })
    .input(vmIdsInput)
    .query(async ({ ctx, input }) =>
      vmActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'Vm', input.ids)),
    ),
  formOptions: procedure
    .meta({
      checkedInside: 'the cluster asked for must be visible; only visible clusters are offered',
    })
    .input(vmFormOptionsInput)
    .query(async ({ ctx, input }) => {
      // A cluster the user sees offers what a VM there may use (its data center's storage and
      // networks), as creating a VM in it needs; the cluster list holds only visible clusters.
      if (input.clusterId) await requireVisible(ctx.db, ctx.user, 'Cluster', input.clusterId);
      const options = await vmFormOptions(ctx.db, input.clusterId || null);
      return {
        ...options,
        clusters: await filterVisible(ctx.db, ctx.user, 'Cluster', options.clusters),
        operatingSystems: OPERATING_SYSTEMS,
      };
    }),
});
