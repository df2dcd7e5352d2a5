// Gluster volumes (docs/gluster.md): the commands (each answers at once with its jobs)
// and what the portal reads around them — a volume's details, the actions each selected
// volume allows, the brick picker's hosts with their free space, heal info.
import {
  glusterBrickReplaceInput,
  glusterBricksAddInput,
  glusterBricksRemoveInput,
  glusterClusterInput,
  glusterOptionResetInput,
  glusterOptionSetInput,
  glusterVolumeCreateInput,
  glusterVolumeIdInput,
  glusterVolumeIdsInput,
} from '@corral/shared';
import {
  addBricks,
  rebalanceVolume,
  removeBricks,
  replaceBrick,
} from '../../engine/commands/gluster/bricks.js';
import { createVolume } from '../../engine/commands/gluster/create.js';
import {
  deleteVolumes,
  startVolumes,
  stopVolumes,
} from '../../engine/commands/gluster/lifecycle.js';
import { optimizeVolumes } from '../../engine/commands/gluster/optimize.js';
import { resetVolumeOption, setVolumeOption } from '../../engine/commands/gluster/options.js';
import type { Started } from '../../engine/index.js';
import { brickCandidates, healInfo, volumeActionsFor, volumeDetails } from '../../gluster/views.js';
import { onlyVisible, requireVisible } from '../../identity/authz.js';
import { onId, onIds, procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

const jobs = (s: Started) => ({ jobIds: s.jobIds });

export const glusterRouter = router({
  /** New Volume; `optimizeForVirt` and `start` add those steps to its job. */
  create: procedure
    .meta({
      needs: {
        group: 'CREATE_GLUSTER_VOLUME',
        on: 'Cluster',
        id: (i: { clusterId: string }) => i.clusterId,
      },
    })
    .input(glusterVolumeCreateInput)
    .mutation(async ({ ctx, input }) => {
      const r = await createVolume(depsOf(ctx), actorOf(ctx), input);
      return { id: r.id, jobIds: r.jobIds };
    }),
  start: procedure
    .meta({ needs: onIds('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await startVolumes(depsOf(ctx), actorOf(ctx), input))),
  stop: procedure
    .meta({ needs: onIds('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdsInput)
    .mutation(async ({ ctx, input }) => jobs(await stopVolumes(depsOf(ctx), actorOf(ctx), input))),
  delete: procedure
    .meta({ needs: onIds('DELETE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdsInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await deleteVolumes(depsOf(ctx), actorOf(ctx), input)),
    ),
  /** "Optimize for virt store": group virt and the qemu owner; a Warning event unless replica 3. */
  optimize: procedure
    .meta({ needs: onIds('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdsInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await optimizeVolumes(depsOf(ctx), actorOf(ctx), input)),
    ),
  setOption: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterOptionSetInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await setVolumeOption(depsOf(ctx), actorOf(ctx), input)),
    ),
  /** One option back to its default; every option when `key` is absent. */
  resetOption: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterOptionResetInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await resetVolumeOption(depsOf(ctx), actorOf(ctx), input)),
    ),
  addBricks: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterBricksAddInput)
    .mutation(async ({ ctx, input }) => jobs(await addBricks(depsOf(ctx), actorOf(ctx), input))),
  /** Whole sets with data migration (start → migrate → commit), without, or lowering the replica count. */
  removeBricks: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterBricksRemoveInput)
    .mutation(async ({ ctx, input }) => jobs(await removeBricks(depsOf(ctx), actorOf(ctx), input))),
  replaceBrick: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterBrickReplaceInput)
    .mutation(async ({ ctx, input }) => jobs(await replaceBrick(depsOf(ctx), actorOf(ctx), input))),
  rebalance: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdInput)
    .mutation(async ({ ctx, input }) =>
      jobs(await rebalanceVolume(depsOf(ctx), actorOf(ctx), input)),
    ),

  /** The volume with its bricks (status, space, host), options, storage domains and actions. */
  volume: procedure
    .meta({ checkedInside: 'the volume must be visible' })
    .input(glusterVolumeIdInput)
    .query(async ({ ctx, input }) => {
      await requireVisible(ctx.db, ctx.user, 'GlusterVolume', input.id);
      return volumeDetails(depsOf(ctx), input.id);
    }),
  /** Per volume id: every action, allowed or not and why. */
  actions: procedure
    .meta({ checkedInside: 'answers only for the volumes the user may see' })
    .input(glusterVolumeIdsInput)
    .query(async ({ ctx, input }) =>
      volumeActionsFor(ctx.db, await onlyVisible(ctx.db, ctx.user, 'GlusterVolume', input.ids)),
    ),
  /** The brick picker: the cluster's hosts, which may hold bricks and why not, their free space now. */
  brickCandidates: procedure
    .meta({
      needs: {
        group: 'CREATE_GLUSTER_VOLUME',
        on: 'Cluster',
        id: (i: { clusterId: string }) => i.clusterId,
        verb: 'pick bricks in',
      },
    })
    .input(glusterClusterInput)
    .query(({ ctx, input }) => brickCandidates(depsOf(ctx), input.clusterId)),
  /** `gluster volume heal <vol> info`, asked now. */
  healInfo: procedure
    .meta({ needs: onId('MANIPULATE_GLUSTER_VOLUME', 'GlusterVolume') })
    .input(glusterVolumeIdInput)
    .query(({ ctx, input }) => healInfo(depsOf(ctx), input.id)),
});
