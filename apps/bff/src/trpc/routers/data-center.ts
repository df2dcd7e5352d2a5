// The data center commands (New / Edit / Remove Data Center) and each data center's
// actions with the reason when refused. The commands change only the store, at once:
// they answer with the data center's id (no job).
import {
  dataCenterCreateInput,
  dataCenterIdInput,
  dataCenterIdsInput,
  dataCenterUpdateInput,
} from '@corral/shared';
import { createDataCenter } from '../../engine/commands/data-center/create.js';
import { removeDataCenter } from '../../engine/commands/data-center/remove.js';
import { updateDataCenter } from '../../engine/commands/data-center/update.js';
import { dataCenterActionsFor } from '../../engine/commands/data-center/views.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

export const dataCenterRouter = router({
  create: procedure
    .input(dataCenterCreateInput)
    .mutation(({ ctx, input }) => createDataCenter(depsOf(ctx), actorOf(ctx), input)),
  update: procedure
    .input(dataCenterUpdateInput)
    .mutation(({ ctx, input }) => updateDataCenter(depsOf(ctx), actorOf(ctx), input)),
  remove: procedure
    .input(dataCenterIdInput)
    .mutation(({ ctx, input }) => removeDataCenter(depsOf(ctx), actorOf(ctx), input)),
  /** Per data center id: edit, remove, guide — allowed or not and why. */
  actions: procedure
    .input(dataCenterIdsInput)
    .query(({ ctx, input }) => dataCenterActionsFor(ctx.db, input.ids)),
});
