// The cluster commands (New / Edit / Remove Cluster), each cluster's actions with the
// reason when refused, and the New Cluster dialog's data centers. The commands change
// only the store, at once: they answer with the cluster's id (no job).
import {
  clusterCreateInput,
  clusterFormOptionsInput,
  clusterIdInput,
  clusterIdsInput,
  clusterUpdateInput,
} from '@corral/shared';
import { createCluster } from '../../engine/commands/cluster/create.js';
import { removeCluster } from '../../engine/commands/cluster/remove.js';
import { updateCluster } from '../../engine/commands/cluster/update.js';
import { clusterActionsFor, clusterFormOptions } from '../../engine/commands/cluster/views.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

export const clusterRouter = router({
  create: procedure
    .input(clusterCreateInput)
    .mutation(({ ctx, input }) => createCluster(depsOf(ctx), actorOf(ctx), input)),
  update: procedure
    .input(clusterUpdateInput)
    .mutation(({ ctx, input }) => updateCluster(depsOf(ctx), actorOf(ctx), input)),
  remove: procedure
    .input(clusterIdInput)
    .mutation(({ ctx, input }) => removeCluster(depsOf(ctx), actorOf(ctx), input)),
  /** Per cluster id: edit, remove, guide — allowed or not and why. */
  actions: procedure
    .input(clusterIdsInput)
    .query(({ ctx, input }) => clusterActionsFor(ctx.db, input.ids)),
  /** Data centers to create a cluster in, each with its compatibility version and room. */
  formOptions: procedure
    .input(clusterFormOptionsInput)
    .query(({ ctx, input }) => clusterFormOptions(ctx.db, input.dataCenterId)),
});
