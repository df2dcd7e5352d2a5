// What the portal reads about data centers besides the grid: each one's actions with
// the reason when refused, and the facts Guide Me is computed from.
import {
  dataCenterActions,
  dataCenterGuide,
  type ActionRule,
  type DataCenterAction,
  type DataCenterGuideFacts,
  type DataCenterStorageMode,
  type Guide,
} from '@corral/shared';
import type { Db } from '../../../store/index.js';
import { notFound } from '../../errors.js';

export async function dataCenterActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<DataCenterAction, ActionRule>>> {
  const rows = await db.query<{ id: string; clusters: number; active: number }>(
    `SELECT d.id,
            (SELECT COUNT(*)::int FROM cluster c WHERE c.data_center_id = d.id) AS clusters,
            (SELECT COUNT(*)::int FROM storage_domain s
              WHERE s.data_center_id = d.id AND s.status <> 'Maintenance') AS active
       FROM data_center d WHERE d.id = ANY($1::uuid[])`,
    [ids],
  );
  return Object.fromEntries(
    rows.map((r) => [r.id, dataCenterActions({ clusters: r.clusters, activeDomains: r.active })]),
  );
}

/** One data center's counts for Guide Me, in one statement. */
export async function dataCenterGuideFacts(db: Db, id: string): Promise<DataCenterGuideFacts> {
  const [r] = await db.query<{
    id: string;
    name: string;
    storage_mode: DataCenterStorageMode;
    clusters: number;
    hosts: number;
    hosts_up: number;
    data_attached: number;
    data_active: number;
    master_active: boolean;
    iso_name: string | null;
    iso_status: string | null;
    free_data: number;
    free_iso: number;
  }>(
    `SELECT d.id, d.name, d.storage_mode,
            (SELECT COUNT(*)::int FROM cluster c WHERE c.data_center_id = d.id) AS clusters,
            (SELECT COUNT(*)::int FROM host h JOIN cluster c ON c.id = h.cluster_id
              WHERE c.data_center_id = d.id) AS hosts,
            (SELECT COUNT(*)::int FROM host h JOIN cluster c ON c.id = h.cluster_id
              WHERE c.data_center_id = d.id AND h.status = 'Up') AS hosts_up,
            (SELECT COUNT(*)::int FROM storage_domain s
              WHERE s.data_center_id = d.id AND s.domain_type = 'Data') AS data_attached,
            (SELECT COUNT(*)::int FROM storage_domain s
              WHERE s.data_center_id = d.id AND s.domain_type = 'Data' AND s.status = 'Active') AS data_active,
            EXISTS (SELECT 1 FROM storage_domain s
                     WHERE s.data_center_id = d.id AND s.is_master AND s.status = 'Active') AS master_active,
            (SELECT s.name FROM storage_domain s
              WHERE s.data_center_id = d.id AND s.domain_type = 'ISO' LIMIT 1) AS iso_name,
            (SELECT s.status FROM storage_domain s
              WHERE s.data_center_id = d.id AND s.domain_type = 'ISO' LIMIT 1) AS iso_status,
            (SELECT COUNT(*)::int FROM storage_domain s
              WHERE s.data_center_id IS NULL AND s.status = 'Unattached' AND s.domain_type = 'Data'
                AND (s.storage_type = 'Local') = (d.storage_mode = 'Local')) AS free_data,
            (SELECT COUNT(*)::int FROM storage_domain s
              WHERE s.data_center_id IS NULL AND s.status = 'Unattached' AND s.domain_type = 'ISO') AS free_iso
       FROM data_center d WHERE d.id = $1`,
    [id],
  );
  if (!r) throw notFound('Data center', id);
  return {
    id: r.id,
    name: r.name,
    storageMode: r.storage_mode,
    clusters: r.clusters,
    hosts: { total: r.hosts, up: r.hosts_up },
    data: { attached: r.data_attached, active: r.data_active, masterActive: r.master_active },
    iso: r.iso_name ? { name: r.iso_name, status: r.iso_status ?? 'Unknown' } : null,
    unattached: { data: r.free_data, iso: r.free_iso },
  };
}

export async function dataCenterGuideFor(db: Db, id: string): Promise<Guide> {
  return dataCenterGuide(await dataCenterGuideFacts(db, id));
}
