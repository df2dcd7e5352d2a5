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
import { onlyVisible } from '../../identity/authz.js';
import { onId, onSystem, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

export const dataCenterRouter = router({
  create: procedure
    .meta({ needs: onSystem('CREATE_STORAGE_POOL') })
    .input(dataCenterCreateInput)
    .mutation(({ ctx, input }) => createDataCenter(depsOf(ctx), actorOf(ctx), input)),
  update: procedure
    .meta({ needs: onId('EDIT_STORAGE_POOL_CONFIGURATION', 'DataCenter') })
    .input(dataCenterUpdateInput)
    .mutation(({ ctx, input }) => updateDataCenter(depsOf(ctx), actorOf(ctx), input)),
  remove: procedure
    .meta({ needs: onId('DELETE_STORAGE_POOL', 'DataCenter') })
    .input(dataCenterIdInput)
    .mutation(({ ctx, input }) => removeDataCenter(depsOf(ctx), actorOf(ctx), input)),
  /** Per data center id: edit, remove, guide — allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the data centers the user may see' })
    .input(dataCenterIdsInput)
    .query(async ({ ctx, input }) =>
      dataCenterActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'DataCenter', input.ids)),
    ),
});
