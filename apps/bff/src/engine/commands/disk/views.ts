// What the Disks tab asks besides its grid: each disk's actions (allowed or why not, the
// shared rules on the store's state), and the dialogs' choices (Data domains with their
// free space, VMs a new disk can be attached to).
import type { ActionRule, DiskAction } from '@corral/shared';
import { diskActions } from '@corral/shared';
import type { Db } from '../../../store/index.js';
import { diskStateOf, findDisks } from './common.js';

export async function diskActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<DiskAction, ActionRule>>> {
  const out: Record<string, Record<DiskAction, ActionRule>> = {};
  for (const d of await findDisks(db, ids)) out[d.id] = diskActions(diskStateOf(d));
  return out;
}

export interface DiskFormOptions {
  domains: {
    id: string;
    name: string;
    domainType: string;
    storageType: string;
    status: string;
    dataCenterId: string | null;
    dataCenter: string | null;
    freeGb: number;
  }[];
  vms: { id: string; name: string; status: string; dataCenterId: string; disks: number }[];
}

export async function diskFormOptions(
  db: Db,
  input: { dataCenterId?: string | undefined },
): Promise<DiskFormOptions> {
  const dc = input.dataCenterId ?? null;
  const domains = await db.query<DiskFormOptions['domains'][number]>(
    `SELECT sd.id, sd.name, sd.domain_type AS "domainType", sd.storage_type AS "storageType",
            sd.status, sd.data_center_id AS "dataCenterId", d.name AS "dataCenter",
            GREATEST(0, sd.total_gb - sd.used_gb)::real AS "freeGb"
       FROM storage_domain sd LEFT JOIN data_center d ON d.id = sd.data_center_id
      WHERE sd.data_center_id IS NOT NULL AND ($1::uuid IS NULL OR sd.data_center_id = $1)
      ORDER BY sd.name`,
    [dc],
  );
  const vms = await db.query<DiskFormOptions['vms'][number]>(
    `SELECT v.id, v.name, v.status, c.data_center_id AS "dataCenterId",
            (SELECT COUNT(*)::int FROM vm_disk vd WHERE vd.vm_id = v.id) AS disks
       FROM vm v JOIN cluster c ON c.id = v.cluster_id
      WHERE ($1::uuid IS NULL OR c.data_center_id = $1)
      ORDER BY v.name LIMIT 1000`,
    [dc],
  );
  return { domains, vms };
}
