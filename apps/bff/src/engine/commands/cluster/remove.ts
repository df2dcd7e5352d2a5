// Remove Cluster: only an empty one — no hosts, VMs, templates, VM pools or Gluster
// volumes. Its network attachments go with it.
import { clusterRemoveRule } from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';

export const CLUSTER_CONTENTS = `
  (SELECT COUNT(*)::int FROM host WHERE cluster_id = c.id) AS hosts,
  (SELECT COUNT(*)::int FROM vm WHERE cluster_id = c.id) AS vms,
  (SELECT COUNT(*)::int FROM template WHERE cluster_id = c.id) AS templates,
  (SELECT COUNT(*)::int FROM pool WHERE cluster_id = c.id) AS pools,
  (SELECT COUNT(*)::int FROM gluster_volume WHERE cluster_id = c.id) AS "glusterVolumes"`;

export async function removeCluster(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<{ id: string }> {
  const { db } = deps;
  const [c] = await db.query<{
    id: string;
    name: string;
    data_center_id: string;
    hosts: number;
    vms: number;
    templates: number;
    pools: number;
    glusterVolumes: number;
  }>(`SELECT c.id, c.name, c.data_center_id, ${CLUSTER_CONTENTS} FROM cluster c WHERE c.id = $1`, [
    input.id,
  ]);
  if (!c) throw notFound('Cluster', input.id);
  const rule = clusterRemoveRule(c);
  if (!rule.allowed) refuse(rule.reason!);

  await db
    .transaction(async (tx) => {
      await recordEvent(tx, deps.feed, {
        code: 'USER_REMOVE_VDS_GROUP',
        message: `Cluster ${c.name} was removed by ${actor.userName}.`,
        userName: actor.userName,
        correlationId: actor.correlationId ?? null,
        clusterId: c.id,
        dataCenterId: c.data_center_id,
      });
      await tx.query(`DELETE FROM permission WHERE object_type = 'Cluster' AND object_id = $1`, [
        c.id,
      ]);
      await tx.query(`DELETE FROM cluster WHERE id = $1`, [c.id]);
    })
    .catch((err: unknown) => {
      // Something joined the cluster since it was checked: its foreign key refuses.
      if ((err as { code?: unknown }).code === '23503')
        refuse(`Cluster ${c.name} changed meanwhile; try again.`);
      throw err;
    });
  touched(deps, 'cluster', [c.id], 'remove');
  // Its data center stays, one cluster fewer: the Data Centers grid updates live.
  touched(deps, 'datacenter', [c.data_center_id]);
  return { id: c.id };
}
