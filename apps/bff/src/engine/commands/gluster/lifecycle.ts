// Start, Stop and Delete volumes (one job per volume; a bulk request is refused whole).
// Start and Stop read the volume back from gluster; Delete removes it from gluster,
// then from the store (the brick directories stay on their hosts, as with oVirt).
import type { Actor, EngineDeps } from '../../deps.js';
import { touched } from '../../changes.js';
import { correlate, startEach, startJob, type Started } from '../common.js';
import { getVolumes, lockVolumes, requireVolumeAction, sitesFor, whileLocked } from './common.js';

export async function startVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const volumes = await getVolumes(deps.db, input.ids);
  await requireVolumeAction(deps.db, volumes, 'start', 'start the volumes');
  const sites = await sitesFor(deps, volumes);
  await lockVolumes(deps, volumes, 'Starting');
  return startEach(volumes, (v) =>
    startJob(
      deps,
      a,
      {
        description: `Starting Gluster volume ${v.name}`,
        steps: ['Starting the volume'],
        refs: { volumeId: v.id, clusterId: v.cluster_id },
      },
      async (j) => {
        const { conn } = sites.get(v.id)!;
        await whileLocked(deps, conn, v.id, () =>
          j.step('Starting the volume', () => conn.startVolume(v.name)),
        );
        await j.event({
          volumeId: v.id,
          clusterId: v.cluster_id,
          code: 'GLUSTER_VOLUME_START',
          message: `Gluster volume ${v.name} was started by ${a.userName}.`,
        });
      },
    ),
  );
}

export async function stopVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const volumes = await getVolumes(deps.db, input.ids);
  await requireVolumeAction(deps.db, volumes, 'stop', 'stop the volumes');
  const sites = await sitesFor(deps, volumes);
  await lockVolumes(deps, volumes, 'Stopping');
  return startEach(volumes, (v) =>
    startJob(
      deps,
      a,
      {
        description: `Stopping Gluster volume ${v.name}`,
        steps: ['Stopping the volume'],
        refs: { volumeId: v.id, clusterId: v.cluster_id },
      },
      async (j) => {
        const { conn } = sites.get(v.id)!;
        await whileLocked(deps, conn, v.id, () =>
          j.step('Stopping the volume', () => conn.stopVolume(v.name)),
        );
        await j.event({
          volumeId: v.id,
          clusterId: v.cluster_id,
          code: 'GLUSTER_VOLUME_STOP',
          message: `Gluster volume ${v.name} was stopped by ${a.userName}.`,
        });
      },
    ),
  );
}

export async function deleteVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const volumes = await getVolumes(db, input.ids);
  await requireVolumeAction(db, volumes, 'delete', 'delete the volumes');
  const sites = await sitesFor(deps, volumes);
  await lockVolumes(deps, volumes, 'Deleting');
  return startEach(volumes, (v) =>
    startJob(
      deps,
      a,
      {
        description: `Deleting Gluster volume ${v.name}`,
        steps: ['Deleting the volume', 'Removing the volume from Corral'],
        refs: { volumeId: v.id, clusterId: v.cluster_id },
      },
      async (j) => {
        const { conn } = sites.get(v.id)!;
        try {
          await j.step('Deleting the volume', () => conn.deleteVolume(v.name));
        } catch (err) {
          // gluster kept the volume: it stays in the store as gluster has it.
          await whileLocked(deps, conn, v.id, async () => undefined);
          throw err;
        }
        // Written while the row exists, so the event keeps the volume's name.
        await j.event({
          volumeId: v.id,
          clusterId: v.cluster_id,
          code: 'GLUSTER_VOLUME_DELETE',
          message: `Gluster volume ${v.name} was deleted by ${a.userName}.`,
        });
        await j.step('Removing the volume from Corral', async () => {
          await db.query(`DELETE FROM gluster_volume WHERE id = $1`, [v.id]);
          touched(deps, 'volume', [v.id], 'remove');
        });
      },
    ),
  );
}
