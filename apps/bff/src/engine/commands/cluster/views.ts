// What the portal reads about clusters besides the grid: each one's actions with the
// reason when refused, Guide Me, and the New/Edit Cluster dialog's data centers.
import {
  clusterActions,
  clusterGuide,
  newClusterRule,
  type ActionRule,
  type ClusterAction,
  type DataCenterStorageMode,
  type Guide,
} from '@corral/shared';
import type { Db } from '../../../store/index.js';
import { notFound } from '../../errors.js';
import { dataCenterGuideFacts } from '../data-center/views.js';
import { CLUSTER_CONTENTS } from './remove.js';

export async function clusterActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<ClusterAction, ActionRule>>> {
  const rows = await db.query<{
    id: string;
    hosts: number;
    vms: number;
    templates: number;
    pools: number;
    glusterVolumes: number;
  }>(`SELECT c.id, ${CLUSTER_CONTENTS} FROM cluster c WHERE c.id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, clusterActions(r)]));
}

export async function clusterGuideFor(db: Db, id: string): Promise<Guide> {
  const [c] = await db.query<{
    id: string;
    name: string;
    data_center_id: string;
    virt_service: boolean;
    gluster_service: boolean;
    hosts: number;
    hosts_up: number;
    volumes: number;
    volumes_up: number;
  }>(
    `SELECT c.id, c.name, c.data_center_id, c.virt_service, c.gluster_service,
            (SELECT COUNT(*)::int FROM host h WHERE h.cluster_id = c.id) AS hosts,
            (SELECT COUNT(*)::int FROM host h WHERE h.cluster_id = c.id AND h.status = 'Up') AS hosts_up,
            (SELECT COUNT(*)::int FROM gluster_volume v WHERE v.cluster_id = c.id) AS volumes,
            (SELECT COUNT(*)::int FROM gluster_volume v
              WHERE v.cluster_id = c.id AND v.status = 'Up') AS volumes_up
       FROM cluster c WHERE c.id = $1`,
    [id],
  );
  if (!c) throw notFound('Cluster', id);
  return clusterGuide({
    id: c.id,
    name: c.name,
    virtService: c.virt_service,
    glusterService: c.gluster_service,
    hosts: { total: c.hosts, up: c.hosts_up },
    glusterVolumes: { total: c.volumes, up: c.volumes_up },
    dataCenter: await dataCenterGuideFacts(db, c.data_center_id),
  });
}

export interface ClusterFormOptions {
  dataCenters: {
    id: string;
    name: string;
    storageType: DataCenterStorageMode;
    compatVersion: string;
    clusters: number;
    /** Whether a new cluster fits there (a Local data center holds one). */
    newCluster: ActionRule;
  }[];
}

/** The New Cluster dialog's data centers (each with its version cap and room). */
export async function clusterFormOptions(
  db: Db,
  dataCenterId?: string | null,
): Promise<ClusterFormOptions> {
  const rows = await db.query<{
    id: string;
    name: string;
    storageType: DataCenterStorageMode;
    compatVersion: string;
    clusters: number;
  }>(
    `SELECT d.id, d.name, d.storage_mode AS "storageType", d.compat_version AS "compatVersion",
            (SELECT COUNT(*)::int FROM cluster c WHERE c.data_center_id = d.id) AS clusters
       FROM data_center d WHERE $1::uuid IS NULL OR d.id = $1 ORDER BY d.name`,
    [dataCenterId ?? null],
  );
  return {
    dataCenters: rows.map((r) => ({
      ...r,
      newCluster: newClusterRule({ storageMode: r.storageType, clusters: r.clusters }),
    })),
  };
}
