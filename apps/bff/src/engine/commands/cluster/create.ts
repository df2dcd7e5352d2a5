// New Cluster: in a data center (a Local one holds one cluster), its compatibility
// version at most the data center's, with the virt service, the Gluster service or both.
// The data center's management network is attached to it, as oVirt does.
import {
  CLUSTER_MESSAGES,
  clusterCompatRule,
  newClusterRule,
  type ClusterCreate,
  type DataCenterStorageMode,
} from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';
import { MANAGEMENT_NETWORK } from '../data-center/create.js';

export async function createCluster(
  deps: EngineDeps,
  actor: Actor,
  input: ClusterCreate,
): Promise<{ id: string }> {
  const { db } = deps;
  const [dc] = await db.query<{
    id: string;
    name: string;
    storage_mode: DataCenterStorageMode;
    compat_version: string;
    clusters: number;
  }>(
    `SELECT d.id, d.name, d.storage_mode, d.compat_version,
            (SELECT COUNT(*)::int FROM cluster c WHERE c.data_center_id = d.id) AS clusters
       FROM data_center d WHERE d.id = $1`,
    [input.dataCenterId],
  );
  if (!dc) refuse('The data center does not exist.', 'dataCenterId');
  const [taken] = await db.query(`SELECT 1 FROM cluster WHERE lower(name) = lower($1)`, [
    input.name,
  ]);
  if (taken) refuse(CLUSTER_MESSAGES.nameTaken(input.name), 'name');
  const room = newClusterRule({ storageMode: dc.storage_mode, clusters: dc.clusters });
  if (!room.allowed) refuse(room.reason!, 'dataCenterId');
  const compat = clusterCompatRule(input.compatVersion, {
    name: dc.name,
    compatVersion: dc.compat_version,
  });
  if (!compat.allowed) refuse(compat.reason!, 'compatVersion');

  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO cluster (data_center_id, name, description, cpu_type, compat_version,
           virt_service, gluster_service, mem_overcommit, migration_policy, fencing_enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          dc.id,
          input.name,
          input.description,
          input.cpuType,
          input.compatVersion,
          input.virtService,
          input.glusterService,
          input.memOvercommit,
          input.migrationPolicy,
          input.fencingEnabled,
        ],
      );
      await tx.query(
        `INSERT INTO cluster_network (cluster_id, network_id, required, display, migration)
         SELECT $1, n.id, true, true, true FROM network n
          WHERE n.data_center_id = $2 AND n.name = $3`,
        [row!.id, dc.id, MANAGEMENT_NETWORK],
      );
      const services = [input.virtService && 'virt', input.glusterService && 'gluster']
        .filter(Boolean)
        .join(' and ');
      await recordEvent(tx, deps.feed, {
        code: 'USER_ADD_VDS_GROUP',
        message: `Cluster ${input.name} (${services}) was added to Data Center ${dc.name} by ${actor.userName}.`,
        userName: actor.userName,
        correlationId: actor.correlationId ?? null,
        clusterId: row!.id,
        dataCenterId: dc.id,
      });
      return row!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(CLUSTER_MESSAGES.nameTaken(input.name), 'name');
    throw err;
  }
  touched(deps, 'cluster', [id]);
  // Its data center's row counts clusters: the Data Centers grid updates live.
  touched(deps, 'datacenter', [dc.id]);
  return { id };
}
