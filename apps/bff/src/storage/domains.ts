// Storage domains between the store and the hosts (docs/storage.md): a domain's row
// becomes a PoolSpec for the host drivers, the hosts that should have it connected are
// its data center's Up hosts (a Local domain's: its own host), and what a data center's
// domains are decides its master and its status.
import type {
  DataCenterStatus,
  StorageDomainStatus,
  StorageDomainType,
  StorageType,
} from '@corral/shared';
import path from 'node:path';
import { touched } from '../engine/changes.js';
import type { EngineDeps } from '../engine/deps.js';
import { notFound } from '../engine/errors.js';
import { connectTo, type HostRow } from '../engine/inventory.js';
import { errorMessage } from '../engine/jobs.js';
import type { PoolInfo, PoolSpec } from '../hosts/driver.js';
import type { Db } from '../store/index.js';

export interface StorageDomainRow {
  id: string;
  name: string;
  description: string;
  data_center_id: string | null;
  domain_type: StorageDomainType;
  storage_type: StorageType;
  is_master: boolean;
  status: StorageDomainStatus;
  path: string;
  vfs_type: string | null;
  mount_options: string;
  gluster_volume_id: string | null;
  host_id: string | null;
  target: string | null;
  total_gb: number;
  used_gb: number;
}

const COLUMNS = `sd.id, sd.name, sd.description, sd.data_center_id, sd.domain_type, sd.storage_type,
  sd.is_master, sd.status, sd.path, sd.vfs_type, sd.mount_options, sd.gluster_volume_id,
  sd.host_id, sd.target, sd.total_gb, sd.used_gb`;

export async function findStorageDomains(
  db: Db,
  ids: readonly string[],
): Promise<StorageDomainRow[]> {
  return db.query<StorageDomainRow>(
    `SELECT ${COLUMNS} FROM storage_domain sd WHERE sd.id = ANY($1::uuid[]) ORDER BY sd.name`,
    [ids],
  );
}

export async function getStorageDomain(db: Db, id: string): Promise<StorageDomainRow> {
  const [row] = await findStorageDomains(db, [id]);
  if (!row) throw notFound('Storage domain', id);
  return row;
}

export async function dataCenterDomains(db: Db, dataCenterId: string): Promise<StorageDomainRow[]> {
  return db.query<StorageDomainRow>(
    `SELECT ${COLUMNS} FROM storage_domain sd WHERE sd.data_center_id = $1 ORDER BY sd.name`,
    [dataCenterId],
  );
}

const POOL_TYPES = new Set<StorageType>(['NFS', 'POSIX', 'GlusterFS', 'Local']);

/**
 * The domain as a host driver connects it. Local domains record their directory as
 * their target when created; one from before pools (no target) keeps its images at
 * `<imagesDir>/<id>`, so that is its pool's directory.
 */
export function poolSpecOf(row: StorageDomainRow, imagesDir: string): PoolSpec {
  if (!POOL_TYPES.has(row.storage_type))
    throw new Error(`Corral cannot connect ${row.storage_type} storage (domain ${row.name})`);
  return {
    id: row.id,
    name: row.name,
    type: row.storage_type as PoolSpec['type'],
    source: row.path,
    vfsType: row.vfs_type,
    mountOptions: row.mount_options,
    target: row.target ?? (row.storage_type === 'Local' ? path.join(imagesDir, row.id) : null),
  };
}

const HOST_COLUMNS = `h.id, h.name, h.address, h.driver, h.uri, h.cluster_id, h.status,
  h.memory_mb, h.cpus, h.cpu_usage`;

/** Up hosts of a data center, by name. */
export async function upHostsOf(db: Db, dataCenterId: string): Promise<HostRow[]> {
  return db.query<HostRow>(
    `SELECT ${HOST_COLUMNS} FROM host h JOIN cluster c ON c.id = h.cluster_id
      WHERE c.data_center_id = $1 AND h.status = 'Up' ORDER BY h.name`,
    [dataCenterId],
  );
}

/** The Up hosts that should have the domain connected: its data center's, or a Local domain's own. */
export async function hostsFor(
  db: Db,
  row: Pick<StorageDomainRow, 'storage_type' | 'host_id'>,
  dataCenterId: string,
): Promise<HostRow[]> {
  const hosts = await upHostsOf(db, dataCenterId);
  return row.storage_type === 'Local' && row.host_id
    ? hosts.filter((h) => h.id === row.host_id)
    : hosts;
}

/**
 * Connects the domain on each host (all of them, even after one failed); rejects naming
 * every host that could not, after the others connected. Resolves with the first host's pool.
 */
export async function connectOn(
  deps: EngineDeps,
  spec: PoolSpec,
  hosts: readonly HostRow[],
): Promise<PoolInfo | undefined> {
  const results = await Promise.allSettled(
    hosts.map(async (h) => (await connectTo(deps, h)).ensurePool(spec)),
  );
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`Host ${hosts[i]!.name}: ${errorMessage(r.reason)}`] : [],
  );
  if (failed.length > 0)
    throw new Error(`Storage domain ${spec.name} could not be connected. ${failed.join(' ')}`);
  const first = results[0];
  return first?.status === 'fulfilled' ? first.value : undefined;
}

/**
 * A host that comes Up (activated, added) connects its data center's Active pool-backed
 * domains at once — a Local one only on its own host — instead of at the next storage
 * cycle. Each domain's status is read again just before, so one a command took out of
 * service meanwhile is left alone. Resolves with the domains that could not be connected
 * and why (the storage cycle tries them again).
 */
export async function connectDataCenterDomains(
  deps: EngineDeps,
  host: HostRow,
): Promise<{ domain: StorageDomainRow; error: string }[]> {
  const domains = await deps.db.query<StorageDomainRow>(
    `SELECT ${COLUMNS} FROM storage_domain sd JOIN cluster c ON c.data_center_id = sd.data_center_id
      WHERE c.id = $1 AND sd.status = 'Active' AND sd.target IS NOT NULL
        AND (sd.storage_type <> 'Local' OR sd.host_id IS NULL OR sd.host_id = $2)
      ORDER BY sd.name`,
    [host.cluster_id, host.id],
  );
  const failed: { domain: StorageDomainRow; error: string }[] = [];
  for (const domain of domains) {
    const [now] = await deps.db.query<{ status: string }>(
      `SELECT status FROM storage_domain WHERE id = $1`,
      [domain.id],
    );
    if (now?.status !== 'Active') continue;
    try {
      await connectOn(deps, poolSpecOf(domain, deps.imagesDir), [host]);
    } catch (err) {
      failed.push({ domain, error: errorMessage(err) });
    }
  }
  return failed;
}

/** Disconnects the domain from each host; rejects naming the hosts that could not. */
export async function releaseOn(
  deps: EngineDeps,
  id: string,
  name: string,
  hosts: readonly HostRow[],
): Promise<void> {
  const results = await Promise.allSettled(
    hosts.map(async (h) => (await connectTo(deps, h)).releasePool(id)),
  );
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`Host ${hosts[i]!.name}: ${errorMessage(r.reason)}`] : [],
  );
  if (failed.length > 0)
    throw new Error(`Storage domain ${name} could not be disconnected. ${failed.join(' ')}`);
}

/** Best effort, for undoing: what could not be disconnected is logged. */
export async function releaseQuietly(
  deps: EngineDeps,
  id: string,
  name: string,
  hosts: readonly HostRow[],
): Promise<void> {
  await releaseOn(deps, id, name, hosts).catch((err: unknown) =>
    console.error(`storage: ${errorMessage(err)}`),
  );
}

/**
 * Moves a domain's status (and the columns `set` names) only while it is still `from`:
 * the compare-and-set every storage command's intent goes through.
 */
export async function moveDomain(
  db: Db,
  id: string,
  from: readonly StorageDomainStatus[],
  set: Partial<
    Pick<StorageDomainRow, 'status' | 'data_center_id' | 'is_master' | 'target' | 'host_id'> & {
      total_gb: number;
      used_gb: number;
    }
  >,
): Promise<boolean> {
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const rows = await db.query(
    `UPDATE storage_domain SET ${assignments} WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
    [id, from, ...columns.map((c) => set[c as keyof typeof set])],
  );
  return rows.length > 0;
}

/**
 * The master of a data center is an Active Data domain. When the master is not Active
 * (in Maintenance, detached, gone) and another Data domain is, that one takes over
 * (oVirt's master reconstruction); with no master at all the first Active one becomes
 * it. Returns the new master's id when it moved.
 */
export async function settleMaster(db: Db, dataCenterId: string): Promise<string | null> {
  const [master] = await db.query<{ id: string; status: string }>(
    `SELECT id, status FROM storage_domain WHERE data_center_id = $1 AND is_master`,
    [dataCenterId],
  );
  if (master?.status === 'Active') return null;
  const [next] = await db.query<{ id: string }>(
    `SELECT id FROM storage_domain
      WHERE data_center_id = $1 AND domain_type = 'Data' AND status = 'Active' AND NOT is_master
      ORDER BY created_at, name LIMIT 1`,
    [dataCenterId],
  );
  if (!next) return null;
  if (master)
    await db.query(`UPDATE storage_domain SET is_master = false WHERE id = $1`, [master.id]);
  await db.query(`UPDATE storage_domain SET is_master = true WHERE id = $1`, [next.id]);
  return next.id;
}

/**
 * A data center is Up with an Active master domain, in Maintenance when its Data domains
 * are attached but none is Active, Uninitialized without any. Returns the status when it changed.
 */
export async function settleDataCenterStatus(
  deps: Pick<EngineDeps, 'db' | 'feed'>,
  dataCenterId: string,
): Promise<DataCenterStatus | null> {
  const [row] = await deps.db.query<{ status: DataCenterStatus }>(
    `UPDATE data_center dc SET status = s.status
       FROM (SELECT CASE
                      WHEN EXISTS (SELECT 1 FROM storage_domain WHERE data_center_id = $1
                                      AND is_master AND status = 'Active') THEN 'Up'
                      WHEN EXISTS (SELECT 1 FROM storage_domain WHERE data_center_id = $1
                                      AND domain_type = 'Data') THEN 'Maintenance'
                      ELSE 'Uninitialized' END AS status) s
      WHERE dc.id = $1 AND dc.status IS DISTINCT FROM s.status
      RETURNING dc.status`,
    [dataCenterId],
  );
  if (row) touched(deps, 'datacenter', [dataCenterId]);
  return row?.status ?? null;
}
