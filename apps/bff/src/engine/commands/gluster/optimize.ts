// "Optimize for virt store" (DOMAIN.md): gluster's `virt` option group, and the volume's
// files owned by the user QEMU runs as on the hosts (read there: libvirt-qemu on
// Debian), so VMs can open their disks. Only replicated volumes: gluster refuses the virt
// group on Distribute and dispersed ones, and the shared rule refuses them first
// (`virtStoreRefusal`). A replicated volume that is not replica 3 is optimised all the
// same, with a Warning event.
import { virtStoreWarning } from '@corral/shared';
import type { Actor, EngineDeps } from '../../deps.js';
import type { Job } from '../../jobs.js';
import type { Started } from '../common.js';
import { getVolume, runOnVolumes, whileLocked, type GlusterSite } from './common.js';

export const OPTIMIZE_STEPS = [
  'Applying the virt option group',
  "Making QEMU's user the owner of the volume's files",
] as const;

/** The optimisation's steps inside a job (its own, or New Volume's). */
export async function optimizeSteps(
  deps: EngineDeps,
  j: Job,
  site: GlusterSite,
  volumeId: string,
): Promise<void> {
  const v = await getVolume(deps.db, volumeId);
  await j.step(OPTIMIZE_STEPS[0], () => site.conn.setGroup(v.name, 'virt'));
  const owner = await j.step(OPTIMIZE_STEPS[1], async () => {
    const o = await site.conn.qemuOwner();
    await site.conn.setOption(v.name, 'storage.owner-uid', String(o.uid));
    await site.conn.setOption(v.name, 'storage.owner-gid', String(o.gid));
    return o;
  });
  await j.event({
    volumeId: v.id,
    clusterId: v.cluster_id,
    code: 'GLUSTER_VOLUME_OPTIMIZED_FOR_VIRT_STORE',
    message: `Gluster volume ${v.name} was optimized for virt store by ${j.userName} (group virt, owner ${owner.user} ${owner.uid}:${owner.gid}).`,
  });
  const warning = virtStoreWarning({
    type: v.volume_type,
    replicaCount: v.replica_count,
    arbiterCount: v.arbiter_count,
  });
  if (warning)
    await j.event({
      volumeId: v.id,
      clusterId: v.cluster_id,
      severity: 'Warning',
      code: 'GLUSTER_VOLUME_OPTIMIZED_NOT_REPLICA_3',
      message: `Gluster volume ${v.name}: ${warning}`,
    });
}

export function optimizeVolumes(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  return runOnVolumes(deps, actor, input.ids, {
    action: 'optimize',
    what: 'optimize the volumes',
    operation: 'Optimizing',
    description: (v) => `Optimizing Gluster volume ${v.name} for virt store`,
    steps: OPTIMIZE_STEPS,
    run: (j, v, site) =>
      whileLocked(deps, site.conn, v.id, () => optimizeSteps(deps, j, site, v.id)),
  });
}
