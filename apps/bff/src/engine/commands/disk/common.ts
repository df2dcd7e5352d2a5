// What the disk commands share: a disk as the store has it (its domain, VMs, template,
// chain), its state for the shared rules, the host that works on its images, and the
// compare-and-set on its status.
import type { DiskState, DiskStatus, VmStatus } from '@corral/shared';
import {
  getStorageDomain,
  hostsFor,
  poolSpecOf,
  type StorageDomainRow,
} from '../../../storage/domains.js';
import type { HostConnection } from '../../../hosts/driver.js';
import type { Db } from '../../../store/index.js';
import { touched } from '../../changes.js';
import type { EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { connectTo, type HostRow } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';

export interface DiskVm {
  id: string;
  name: string;
  status: VmStatus;
  host_id: string | null;
  last_host_id: string | null;
  cluster_id: string;
  bootable: boolean;
  snapshots: number;
}

export interface DiskVolume {
  id: string;
  parent_id: string | null;
  path: string;
  format: string;
  snapshot_id: string | null;
}

export interface DiskRow {
  id: string;
  alias: string;
  description: string;
  status: DiskStatus;
  size_gb: number;
  actual_size_gb: number;
  format: string;
  sparse: boolean;
  interface: string;
  storage_domain_id: string;
  template_id: string | null;
  template_name: string | null;
  domain: StorageDomainRow;
  vms: DiskVm[];
  /** Its chain, base first. */
  volumes: DiskVolume[];
  /** Disks whose base volume sits on one of this disk's volumes (thin VM disks). */
  thin_children: number;
}

export async function findDisks(db: Db, ids: readonly string[]): Promise<DiskRow[]> {
  const rows = await db.query<Omit<DiskRow, 'domain' | 'vms' | 'volumes' | 'thin_children'>>(
    `SELECT d.id, d.alias, d.description, d.status, d.size_gb, d.actual_size_gb, d.format,
            d.sparse, d.interface, d.storage_domain_id, d.template_id, t.name AS template_name
       FROM disk d LEFT JOIN template t ON t.id = d.template_id
      WHERE d.id = ANY($1::uuid[]) ORDER BY d.alias`,
    [ids],
  );
  const out: DiskRow[] = [];
  for (const r of rows) {
    const vms = await db.query<DiskVm>(
      `SELECT v.id, v.name, v.status, v.host_id, v.last_host_id, v.cluster_id, vd.bootable,
              (SELECT COUNT(*)::int FROM snapshot s WHERE s.vm_id = v.id) AS snapshots
         FROM vm_disk vd JOIN vm v ON v.id = vd.vm_id WHERE vd.disk_id = $1 ORDER BY v.name`,
      [r.id],
    );
    const volumes = await chainOf(db, r.id);
    const [thin] = await db.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM disk_volume c JOIN disk_volume p ON p.id = c.parent_id
        WHERE p.disk_id = $1 AND c.disk_id <> $1`,
      [r.id],
    );
    out.push({
      ...r,
      domain: await getStorageDomain(db, r.storage_domain_id),
      vms,
      volumes,
      thin_children: thin?.n ?? 0,
    });
  }
  return out;
}

export async function getDisk(db: Db, id: string): Promise<DiskRow> {
  const [row] = await findDisks(db, [id]);
  if (!row) throw notFound('Disk', id);
  return row;
}

/** A disk's own volumes, base first (a thin disk's base has a parent on the template's disk). */
export async function chainOf(db: Db, diskId: string): Promise<DiskVolume[]> {
  const vols = await db.query<DiskVolume>(
    `SELECT id, parent_id, path, format, snapshot_id FROM disk_volume WHERE disk_id = $1`,
    [diskId],
  );
  const own = new Set(vols.map((v) => v.id));
  const byParent = new Map(vols.map((v) => [v.parent_id, v]));
  const base = vols.find((v) => !v.parent_id || !own.has(v.parent_id));
  const chain: DiskVolume[] = [];
  for (let v = base; v && chain.length < vols.length; v = byParent.get(v.id)) chain.push(v);
  return chain;
}

export const topOf = (d: DiskRow): DiskVolume => d.volumes.at(-1)!;

export function diskStateOf(d: DiskRow): DiskState {
  return {
    status: d.status,
    vms: d.vms.map((v) => ({ name: v.name, status: v.status, snapshots: v.snapshots })),
    template: d.template_name,
    thinChildren: d.thin_children,
    volumes: d.volumes.length,
  };
}

/** The disk's status from `from` to `to`, or a refusal when someone changed it first. */
export async function moveDisk(
  deps: EngineDeps,
  db: Db,
  d: { id: string; alias: string },
  from: readonly DiskStatus[],
  to: DiskStatus,
): Promise<void> {
  const rows = await db.query(
    `UPDATE disk SET status = $3 WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
    [d.id, from, to],
  );
  if (rows.length === 0) refuse(`Disk ${d.alias} changed state meanwhile; try again.`);
  touched(deps, 'disk', [d.id]);
}

export const imageFormat = (format: string): 'qcow2' | 'raw' =>
  format === 'RAW' ? 'raw' : 'qcow2';

/** Up hosts that reach the domain: its data center's (a Local domain: its own host). */
export async function domainHosts(db: Db, domain: StorageDomainRow): Promise<HostRow[]> {
  if (!domain.data_center_id) return [];
  return hostsFor(db, domain, domain.data_center_id);
}

/**
 * The first host that answers among the domain's Up hosts, with the domain's pool
 * connected there (idempotent: a host that lost the mount must not write beside it).
 */
export async function hostForDomains(
  deps: EngineDeps,
  domains: readonly StorageDomainRow[],
  hosts: readonly HostRow[],
): Promise<{ row: HostRow; conn: HostConnection } | undefined> {
  for (const h of hosts) {
    const conn = await connectTo(deps, h).catch(() => null);
    if (!conn) continue;
    for (const d of domains) if (d.target) await conn.ensurePool(poolSpecOf(d, deps.imagesDir));
    return { row: h, conn };
  }
  return undefined;
}

/** A refusal when the domain cannot take disks: not a Data domain, not Active. */
export function requireDataDomain(domain: StorageDomainRow, field: string): void {
  if (domain.domain_type !== 'Data')
    refuse(
      `Storage domain ${domain.name} is an ${domain.domain_type} domain; disks go on Data domains.`,
      field,
    );
  if (domain.status !== 'Active')
    refuse(`Storage domain ${domain.name} is ${domain.status}; it must be Active.`, field);
  if (!domain.data_center_id)
    refuse(`Storage domain ${domain.name} is not attached to a data center.`, field);
}

/** Free space on the domain as monitoring last saw it, in GB. */
export const freeGb = (domain: StorageDomainRow) => Math.max(0, domain.total_gb - domain.used_gb);
