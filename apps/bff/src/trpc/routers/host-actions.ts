// The host commands (engine) and which of them each selected host allows, and why not.
import { hostAddInput, hostIdInput, hostIdsInput } from '@corral/shared';
import {
  activateHost,
  addHost,
  fenceHost,
  removeHost,
  setMaintenance,
  type Started,
} from '../../engine/index.js';
import { hostActionsFor } from '../../engine/views.js';
import { publicProcedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const hostActionsRouter = router({
  add: publicProcedure.input(hostAddInput).mutation(async ({ ctx, input }) => {
    const r = await addHost(depsOf(ctx), actorOf(ctx), input);
    return { id: r.id, jobIds: r.jobIds };
  }),
  maintenance: publicProcedure
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await setMaintenance(depsOf(ctx), actorOf(ctx), input)),
    ),
  activate: publicProcedure
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await activateHost(depsOf(ctx), actorOf(ctx), input))),
  remove: publicProcedure
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await removeHost(depsOf(ctx), actorOf(ctx), input))),
  /** One host at a time: fencing power-cycles a machine. */
  fence: publicProcedure
    .input(hostIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await fenceHost(depsOf(ctx), actorOf(ctx), { ids: [input.id] })),
    ),
  /** Per host id: every action, allowed or not and why. */
  actions: publicProcedure
    .input(hostIdsInput)
    .query(({ ctx, input }) => hostActionsFor(ctx.db, input.ids)),
});
