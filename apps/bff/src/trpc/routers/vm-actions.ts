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
import { procedure, router } from '../trpc.js';
import type { Context } from '../context.js';

/** The engine's dependencies for one request: the context's store and engine services. */
export const depsOf = (ctx: Context): EngineDeps => ({ ...ctx.engine, db: ctx.db });
export const actorOf = (ctx: Context): Actor => {
  if (!ctx.user) throw new Error('actorOf: no user in the context (procedure not authenticated)');
  return { userName: ctx.user.login, userId: ctx.user.userId };
};

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const vmActionsRouter = router({
  create: procedure.input(vmCreateInput).mutation(async ({ ctx, input }) => {
    const r = await createVm(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds };
  }),
  update: procedure
    .input(vmUpdateInput)
    .mutation(async ({ ctx, input }) => jobs(await updateVm(depsOf(ctx), actorOf(ctx), input))),
  remove: procedure
    .input(vmRemoveInput)
    .mutation(async ({ ctx, input }) => jobs(await removeVm(depsOf(ctx), actorOf(ctx), input))),
  run: procedure
    .input(vmRunInput)
    .mutation(async ({ ctx, input }) => jobs(await runVm(depsOf(ctx), actorOf(ctx), input))),
  runOnce: procedure
    .input(vmRunOnceInput)
    .mutation(async ({ ctx, input }) => jobs(await runOnce(depsOf(ctx), actorOf(ctx), input))),
  shutdown: procedure
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await shutdownVm(depsOf(ctx), actorOf(ctx), input))),
  powerOff: procedure
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await powerOffVm(depsOf(ctx), actorOf(ctx), input))),
  reboot: procedure
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await rebootVm(depsOf(ctx), actorOf(ctx), input))),
  suspend: procedure
    .input(vmIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await suspendVm(depsOf(ctx), actorOf(ctx), input))),
  migrate: procedure
    .input(vmMigrateInput)
    .mutation(async ({ ctx, input }) => jobs(await migrateVm(depsOf(ctx), actorOf(ctx), input))),
  createSnapshot: procedure.input(snapshotCreateInput).mutation(async ({ ctx, input }) => {
    const r = await createSnapshot(depsOf(ctx), actorOf(ctx), input);
    return { snapshotId: r.snapshotId, jobIds: r.jobIds };
  }),
  restoreSnapshot: procedure
    .input(snapshotInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await restoreSnapshot(depsOf(ctx), actorOf(ctx), input)),
    ),
  deleteSnapshot: procedure
    .input(snapshotInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await deleteSnapshot(depsOf(ctx), actorOf(ctx), input)),
    ),
  makeTemplate: procedure.input(makeTemplateInput).mutation(async ({ ctx, input }) => {
    const r = await makeTemplate(depsOf(ctx), actorOf(ctx), input);
    return { templateId: r.templateId, jobIds: r.jobIds };
  }),
  clone: procedure.input(vmCloneInput).mutation(async ({ ctx, input }) => {
    const r = await cloneVm(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds };
  }),
  /** Per VM id: every action, allowed or not and why (the shared rules plus the store). */
  actions: procedure.input(vmIdsInput).query(({ ctx, input }) => vmActionsFor(ctx.db, input.ids)),
  formOptions: procedure.input(vmFormOptionsInput).query(async ({ ctx, input }) => ({
    ...(await vmFormOptions(ctx.db, input.clusterId || null)),
    operatingSystems: OPERATING_SYSTEMS,
  })),
});
