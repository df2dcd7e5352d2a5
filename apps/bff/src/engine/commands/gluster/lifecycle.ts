// Start, Stop and Delete volumes (one job per volume; a bulk request is refused whole).
// Start and Stop read the volume back from gluster; Delete removes it from gluster,
// then from the store (the brick directories stay on their hosts, as with oVirt).
import type { Actor, EngineDeps } from '../../deps.js';
import { touched } from '../../changes.js';
import type { Started } from '../common.js';
import type { GlusterHost } from '../../../gluster/types.js';
import { runOnVolumes, whileLocked } from './common.js';

/** Start or Stop: one gluster call while the volume is locked, read back, then the event. */
function switchVolume(
  deps: EngineDeps,
  actor: Actor,
  ids: readonly string[],
  to: {
    action: 'start' | 'stop';
    operation: string;
    step: string;
    call: (conn: GlusterHost, name: string) => Promise<void>;
    code: string;
    done: string;
  },
): Promise<Started> {
  return runOnVolumes(deps, actor, ids, {
    action: to.action,
    what: `${to.action} the volumes`,
    operation: to.operation,
    description: (v) => `${to.operation} Gluster volume ${v.name}`,
    steps: [to.step],
    run: async (j, v, { conn }) => {
      await whileLocked(deps, conn, v.id, () => j.step(to.step, () => to.call(conn, v.name)));
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: to.code,
        message: `Gluster volume ${v.name} was ${to.done} by ${j.userName}.`,
      });
    },
  });
}

export function startVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  return switchVolume(deps, actor, input.ids, {
    action: 'start',
    operation: 'Starting',
    step: 'Starting the volume',
    call: (conn, name) => conn.startVolume(name),
    code: 'GLUSTER_VOLUME_START',
    done: 'started',
  });
}

export function stopVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  return switchVolume(deps, actor, input.ids, {
    action: 'stop',
    operation: 'Stopping',
    step: 'Stopping the volume',
    call: (conn, name) => conn.stopVolume(name),
    code: 'GLUSTER_VOLUME_STOP',
    done: 'stopped',
  });
}

export function deleteVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const { db } = deps;
  return runOnVolumes(deps, actor, input.ids, {
    action: 'delete',
    what: 'delete the volumes',
    operation: 'Deleting',
    description: (v) => `Deleting Gluster volume ${v.name}`,
    steps: ['Deleting the volume', 'Removing the volume from Corral'],
    run: async (j, v, { conn }) => {
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
        message: `Gluster volume ${v.name} was deleted by ${j.userName}.`,
      });
      await j.step('Removing the volume from Corral', async () => {
        await db.query(`DELETE FROM gluster_volume WHERE id = $1`, [v.id]);
        touched(deps, 'volume', [v.id], 'remove');
      });
    },
  });
}
