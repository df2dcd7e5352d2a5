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
import { onlyVisible } from '../../identity/authz.js';
import { onId, onIds, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const hostActionsRouter = router({
  add: procedure
    .meta({
      needs: { group: 'CREATE_HOST', on: 'Cluster', id: (i: { clusterId: string }) => i.clusterId },
    })
    .input(hostAddInput)
    .mutation(async ({ ctx, input }) => {
      const r = await addHost(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds };
    }),
  maintenance: procedure
    .meta({ needs: onIds('MANIPULATE_HOST', 'Host') })
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await setMaintenance(depsOf(ctx), actorOf(ctx), input)),
    ),
  activate: procedure
    .meta({ needs: onIds('MANIPULATE_HOST', 'Host') })
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await activateHost(depsOf(ctx), actorOf(ctx), input))),
  remove: procedure
    .meta({ needs: onIds('DELETE_HOST', 'Host') })
    .input(hostIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await removeHost(depsOf(ctx), actorOf(ctx), input))),
  /** One host at a time: fencing power-cycles a machine. */
  fence: procedure
    .meta({ needs: onId('MANIPULATE_HOST', 'Host') })
    .input(hostIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await fenceHost(depsOf(ctx), actorOf(ctx), { ids: [input.id] })),
    ),
  /** Per host id: every action, allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the hosts the user may see' })
    .input(hostIdsInput)
    .query(async ({ ctx, input }) =>
      hostActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'Host', input.ids)),
    ),
});
