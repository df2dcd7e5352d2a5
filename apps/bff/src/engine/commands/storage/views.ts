// What the portal reads about storage domains besides the grid: each one's actions with
// the reason when refused, and the New Domain / Attach dialogs' choices.
import type {
  ActionRule,
  CreatableStorageType,
  DataCenterStorageMode,
  StorageDomainAction,
} from '@corral/shared';
import { findStorageDomains } from '../../../storage/domains.js';
import { domainActions } from '../../../storage/rules.js';
import type { Db } from '../../../store/index.js';

export async function storageActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<StorageDomainAction, ActionRule>>> {
  return domainActions(db, await findStorageDomains(db, ids));
}

export interface StorageFormOptions {
  dataCenters: {
    id: string;
    name: string;
    storageType: DataCenterStorageMode;
    status: string;
    /** The ISO / Export domain it has (at most one each), by name. */
    iso: string | null;
    export: string | null;
    upHosts: number;
  }[];
  /** Up hosts that can prepare a domain (of the data center asked for, when one is). */
  hosts: { id: string; name: string; dataCenterId: string; dataCenter: string; cluster: string }[];
  /** Gluster volumes a GlusterFS domain can be built on, with the path to mount. */
  glusterVolumes: {
    id: string;
    name: string;
    status: string;
    clusterId: string;
    cluster: string;
    path: string | null;
    /** A storage domain already built on it. */
    usedBy: string | null;
  }[];
  /** Unattached domains, for Attach Storage / Attach ISO. */
  unattached: { id: string; name: string; domainType: string; storageType: string }[];
}

export async function storageFormOptions(
  db: Db,
  input: { dataCenterId?: string | null; storageType?: CreatableStorageType | null },
): Promise<StorageFormOptions> {
  const dc = input.dataCenterId ?? null;
  const dataCenters = await db.query<StorageFormOptions['dataCenters'][number]>(
    `SELECT d.id, d.name, d.storage_mode AS "storageType", d.status,
            (SELECT s.name FROM storage_domain s WHERE s.data_center_id = d.id AND s.domain_type = 'ISO' LIMIT 1) AS iso,
            (SELECT s.name FROM storage_domain s WHERE s.data_center_id = d.id AND s.domain_type = 'Export' LIMIT 1) AS export,
            (SELECT COUNT(*)::int FROM host h JOIN cluster c ON c.id = h.cluster_id
              WHERE c.data_center_id = d.id AND h.status = 'Up') AS "upHosts"
       FROM data_center d ORDER BY d.name`,
  );
  const hosts = await db.query<StorageFormOptions['hosts'][number]>(
    `SELECT h.id, h.name, c.data_center_id AS "dataCenterId", d.name AS "dataCenter", c.name AS cluster
       FROM host h JOIN cluster c ON c.id = h.cluster_id JOIN data_center d ON d.id = c.data_center_id
      WHERE h.status = 'Up' AND ($1::uuid IS NULL OR c.data_center_id = $1)
        AND ($2::text IS DISTINCT FROM 'Local' OR d.storage_mode = 'Local')
      ORDER BY h.name`,
    [dc, input.storageType ?? null],
  );
  const glusterVolumes = await db.query<StorageFormOptions['glusterVolumes'][number]>(
    `SELECT v.id, v.name, v.status, v.cluster_id AS "clusterId", c.name AS cluster,
            (SELECT h.address || ':/' || v.name FROM gluster_brick b JOIN host h ON h.id = b.host_id
              WHERE b.volume_id = v.id ORDER BY b.position LIMIT 1) AS path,
            (SELECT s.name FROM storage_domain s WHERE s.gluster_volume_id = v.id ORDER BY s.name LIMIT 1) AS "usedBy"
       FROM gluster_volume v JOIN cluster c ON c.id = v.cluster_id
      WHERE $1::uuid IS NULL OR c.data_center_id = $1
      ORDER BY v.name`,
    [dc],
  );
  const unattached = await db.query<StorageFormOptions['unattached'][number]>(
    `SELECT id, name, domain_type AS "domainType", storage_type AS "storageType"
       FROM storage_domain WHERE data_center_id IS NULL AND status = 'Unattached' ORDER BY name`,
  );
  return { dataCenters, hosts, glusterVolumes, unattached };
}
