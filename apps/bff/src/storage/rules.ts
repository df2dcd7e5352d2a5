// The shared storage rules fed from the store: each domain's StorageDomainState and a
// data center's AttachTarget. The portal's buttons (storage.actions) and the engine's
// refusals read the same.
import {
  attachToRule,
  storageDomainActions,
  type ActionRule,
  type AttachTarget,
  type DataCenterStorageMode,
  type StorageDomainAction,
  type StorageDomainState,
} from '@corral/shared';
import { notFound } from '../engine/errors.js';
import { refuse } from '../engine/rules/refuse.js';
import type { Db } from '../store/index.js';
import type { StorageDomainRow } from './domains.js';

interface Sibling {
  id: string;
  data_center_id: string;
  domain_type: string;
  status: string;
  is_master: boolean;
}

/** Each domain's state as the shared rules read it, in one pass over the store. */
export async function domainStates(
  db: Db,
  rows: readonly StorageDomainRow[],
): Promise<Map<string, StorageDomainState>> {
  const ids = rows.map((r) => r.id);
  const dcs = [...new Set(rows.flatMap((r) => (r.data_center_id ? [r.data_center_id] : [])))];
  const siblings = await db.query<Sibling>(
    `SELECT id, data_center_id, domain_type, status, is_master FROM storage_domain
      WHERE data_center_id = ANY($1::uuid[])`,
    [dcs],
  );
  const upByDc = new Map(
    (
      await db.query<{ data_center_id: string; n: number }>(
        `SELECT c.data_center_id, COUNT(*)::int AS n FROM host h JOIN cluster c ON c.id = h.cluster_id
          WHERE h.status = 'Up' AND c.data_center_id = ANY($1::uuid[]) GROUP BY c.data_center_id`,
        [dcs],
      )
    ).map((r) => [r.data_center_id, r.n]),
  );
  const localHostsUp = new Set(
    (
      await db.query<{ id: string }>(
        `SELECT id FROM host WHERE status = 'Up' AND id = ANY($1::uuid[])`,
        [rows.flatMap((r) => (r.host_id ? [r.host_id] : []))],
      )
    ).map((r) => r.id),
  );
  const disks = new Map(
    (
      await db.query<{ id: string; n: number }>(
        `SELECT storage_domain_id AS id, COUNT(*)::int AS n FROM disk
          WHERE storage_domain_id = ANY($1::uuid[]) GROUP BY storage_domain_id`,
        [ids],
      )
    ).map((r) => [r.id, r.n]),
  );
  const busyVms = new Map<string, string[]>();
  for (const r of await db.query<{ id: string; name: string }>(
    `SELECT DISTINCT d.storage_domain_id AS id, v.name
       FROM disk d JOIN vm_disk vd ON vd.disk_id = d.id JOIN vm v ON v.id = vd.vm_id
      WHERE d.storage_domain_id = ANY($1::uuid[]) AND v.status <> 'Down'
      ORDER BY v.name`,
    [ids],
  ))
    busyVms.set(r.id, [...(busyVms.get(r.id) ?? []), r.name]);

  const out = new Map<string, StorageDomainState>();
  for (const r of rows) {
    const others = siblings.filter((s) => s.data_center_id === r.data_center_id && s.id !== r.id);
    const upHosts = !r.data_center_id
      ? 0
      : r.storage_type === 'Local' && r.host_id
        ? Number(localHostsUp.has(r.host_id))
        : (upByDc.get(r.data_center_id) ?? 0);
    out.set(r.id, {
      status: r.status,
      domainType: r.domain_type,
      storageType: r.storage_type,
      isMaster: r.is_master,
      otherAttached: others.length,
      otherActiveData: others.filter((s) => s.domain_type === 'Data' && s.status === 'Active')
        .length,
      activeIsoExport: others.filter((s) => s.domain_type !== 'Data' && s.status === 'Active')
        .length,
      masterActive: others.some((s) => s.is_master && s.status === 'Active'),
      upHosts,
      disks: disks.get(r.id) ?? 0,
      runningVms: busyVms.get(r.id) ?? [],
    });
  }
  return out;
}

export async function domainActions(
  db: Db,
  rows: readonly StorageDomainRow[],
): Promise<Record<string, Record<StorageDomainAction, ActionRule>>> {
  const states = await domainStates(db, rows);
  const out: Record<string, Record<StorageDomainAction, ActionRule>> = {};
  for (const r of rows) out[r.id] = storageDomainActions(states.get(r.id)!);
  return out;
}

/** Refuses (RULE_VIOLATION, nothing changed) when the shared rule says no. */
export async function requireDomainAction(
  db: Db,
  row: StorageDomainRow,
  action: StorageDomainAction,
): Promise<void> {
  const rule = (await domainActions(db, [row]))[row.id]![action];
  if (!rule.allowed) refuse(rule.reason ?? 'The storage domain cannot do that now.');
}

export interface DataCenterTarget extends AttachTarget {
  readonly id: string;
  readonly storageMode: DataCenterStorageMode;
}

/** What a data center holds, for attaching a domain to it. */
export async function attachTarget(db: Db, dataCenterId: string): Promise<DataCenterTarget> {
  const [dc] = await db.query<{ id: string; name: string; storage_mode: DataCenterStorageMode }>(
    `SELECT id, name, storage_mode FROM data_center WHERE id = $1`,
    [dataCenterId],
  );
  if (!dc) throw notFound('Data center', dataCenterId);
  const domains = await db.query<{
    name: string;
    domain_type: string;
    status: string;
    is_master: boolean;
  }>(`SELECT name, domain_type, status, is_master FROM storage_domain WHERE data_center_id = $1`, [
    dataCenterId,
  ]);
  const [up] = await db.query<{ n: number }>(
    `SELECT COUNT(*)::int AS n FROM host h JOIN cluster c ON c.id = h.cluster_id
      WHERE c.data_center_id = $1 AND h.status = 'Up'`,
    [dataCenterId],
  );
  return {
    id: dc.id,
    name: dc.name,
    storageMode: dc.storage_mode,
    iso: domains.find((d) => d.domain_type === 'ISO')?.name ?? null,
    export: domains.find((d) => d.domain_type === 'Export')?.name ?? null,
    upHosts: up?.n ?? 0,
    masterActive: domains.some((d) => d.is_master && d.status === 'Active'),
  };
}

/**
 * Refuses attaching the domain to the data center when a rule says no (one ISO / Export,
 * Local storage in its host's Local data center, an Up host, a master first).
 */
export async function requireAttachable(
  db: Db,
  domain: Pick<StorageDomainRow, 'domain_type' | 'storage_type' | 'host_id'>,
  dc: DataCenterTarget,
  field?: string,
): Promise<void> {
  let hostDc: { id: string; name: string; sameAsTarget: boolean } | undefined;
  if (domain.storage_type === 'Local' && domain.host_id) {
    const [row] = await db.query<{ id: string; name: string }>(
      `SELECT d.id, d.name FROM host h JOIN cluster c ON c.id = h.cluster_id
         JOIN data_center d ON d.id = c.data_center_id WHERE h.id = $1`,
      [domain.host_id],
    );
    if (row) hostDc = { ...row, sameAsTarget: row.id === dc.id };
  }
  const rule: ActionRule = attachToRule(
    { domainType: domain.domain_type, storageType: domain.storage_type },
    dc,
    hostDc,
  );
  if (!rule.allowed)
    refuse(rule.reason ?? 'The storage domain cannot join that data center.', field);
}
