// Guide Me: what a data center or cluster has configured and what is still missing —
// each step done or not, its counts, the dialogs it opens, and why a step or dialog is
// not possible yet (the shared dataCenterGuide / clusterGuide over the store's counts),
// and the id of the data center its dialogs act in (a cluster's: read with its counts).
import { z } from 'zod';
import { requireVisible } from '../../identity/authz.js';
import { clusterGuideFor } from '../../engine/commands/cluster/views.js';
import { dataCenterGuideFor } from '../../engine/commands/data-center/views.js';
import { procedure, router } from '../trpc.js';

export const guideRouter = router({
  dataCenter: procedure
    .meta({ checkedInside: 'the data center must be visible' })
    .input(z.object({ id: z.uuid({ message: 'Choose a data center.' }) }))
    .query(async ({ ctx, input }) => {
      await requireVisible(ctx.db, ctx.user, 'DataCenter', input.id);
      return dataCenterGuideFor(ctx.db, input.id);
    }),
  cluster: procedure
    .meta({ checkedInside: 'the cluster must be visible' })
    .input(z.object({ id: z.uuid({ message: 'Choose a cluster.' }) }))
    .query(async ({ ctx, input }) => {
      await requireVisible(ctx.db, ctx.user, 'Cluster', input.id);
      return clusterGuideFor(ctx.db, input.id);
    }),
});
