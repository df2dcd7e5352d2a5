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
import { onlyGranted, onlyVisible } from '../../identity/authz.js';
import { onId, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

export const clusterRouter = router({
  create: procedure
    .meta({
      needs: {
        group: 'CREATE_CLUSTER',
        on: 'DataCenter',
        id: (i: { dataCenterId: string }) => i.dataCenterId,
      },
    })
    .input(clusterCreateInput)
    .mutation(({ ctx, input }) => createCluster(depsOf(ctx), actorOf(ctx), input)),
  update: procedure
    .meta({ needs: onId('EDIT_CLUSTER_CONFIGURATION', 'Cluster') })
    .input(clusterUpdateInput)
    .mutation(({ ctx, input }) => updateCluster(depsOf(ctx), actorOf(ctx), input)),
  remove: procedure
    .meta({ needs: onId('DELETE_CLUSTER', 'Cluster') })
    .input(clusterIdInput)
    .mutation(({ ctx, input }) => removeCluster(depsOf(ctx), actorOf(ctx), input)),
  /** Per cluster id: edit, remove, guide — allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the clusters the user may see' })
    .input(clusterIdsInput)
    .query(async ({ ctx, input }) =>
      clusterActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'Cluster', input.ids)),
    ),
  /** Data centers to create a cluster in, each with its compatibility version and room. */
  formOptions: procedure
    .meta({ checkedInside: 'offers only the data centers the user may create clusters in' })
    .input(clusterFormOptionsInput)
    .query(async ({ ctx, input }) => {
      const options = await clusterFormOptions(ctx.db, input.dataCenterId);
      if (ctx.user.systemGroups.has('CREATE_CLUSTER')) return options;
      const allowed = await onlyGranted(
        ctx.db,
        ctx.user,
        'CREATE_CLUSTER',
        'DataCenter',
        options.dataCenters.map((d) => d.id),
      );
      return { ...options, dataCenters: options.dataCenters.filter((d) => allowed.includes(d.id)) };
    }),
});
