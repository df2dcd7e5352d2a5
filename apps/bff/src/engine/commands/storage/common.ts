// What the storage domain commands share: bringing a domain up in its data center
// (connected on its hosts, Active, the master settled, the data center's status), and
// the audit events for a master that moved.
import type { StorageDomainStatus } from '@corral/shared';
import {
  connectOn,
  hostsFor,
  moveDomain,
  poolSpecOf,
  settleDataCenterStatus,
  settleMaster,
  type StorageDomainRow,
} from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { EngineDeps } from '../../deps.js';
import type { Job } from '../../jobs.js';
import { refuse } from '../../rules/refuse.js';

export const CONNECTING = 'Connecting the storage on the hosts';
export const ACTIVATING = 'Activating the storage domain';

export async function dataCenterName(deps: EngineDeps, id: string): Promise<string> {
  const [dc] = await deps.db.query<{ name: string }>(`SELECT name FROM data_center WHERE id = $1`, [
    id,
  ]);
  return dc?.name ?? id;
}

/** Writes the intent (a transitional status, …) or refuses when someone moved the domain first. */
export async function lockDomain(
  deps: EngineDeps,
  row: StorageDomainRow,
  set: Parameters<typeof moveDomain>[3],
): Promise<void> {
  if (!(await moveDomain(deps.db, row.id, [row.status], set)))
    refuse(`Storage domain ${row.name} changed state meanwhile; try again.`);
  touched(deps, 'storage', [row.id]);
}

/**
 * The steps that bring an attached domain up: connected on every Up host of its data
 * center (a Local one on its host), then Active — the master when the data center has
 * no Active one — and the data center's status follows.
 */
export async function connectAndActivate(
  deps: EngineDeps,
  j: Job,
  row: StorageDomainRow,
  dataCenterId: string,
  from: StorageDomainStatus,
): Promise<void> {
  const { db } = deps;
  const spec = poolSpecOf(row, deps.imagesDir);
  await j.step(CONNECTING, async () => {
    const hosts = await hostsFor(db, row, dataCenterId);
    if (hosts.length === 0)
      throw new Error('There should be at least one active host in the data center.');
    const info = await connectOn(deps, spec, hosts);
    if (info)
      await db.query(
        `UPDATE storage_domain SET target = $2, total_gb = $3, used_gb = $4 WHERE id = $1`,
        [row.id, info.target, info.capacityGb, Math.max(0, info.capacityGb - info.availableGb)],
      );
  });
  await j.step(ACTIVATING, async () => {
    const master = await db.transaction(async (tx) => {
      if (!(await moveDomain(tx, row.id, [from], { status: 'Active' })))
        throw new Error(`storage domain ${row.name} changed state meanwhile`);
      return settleMaster(tx, dataCenterId);
    });
    touched(deps, 'storage', [row.id]);
    if (master) await masterMoved(deps, j, master, dataCenterId);
    await settleDataCenterStatus(deps, dataCenterId);
  });
}

/** The audit event for a new master, and the feed for every domain of the data center. */
export async function masterMoved(
  deps: EngineDeps,
  j: Job,
  masterId: string,
  dataCenterId: string,
): Promise<void> {
  const [m] = await deps.db.query<{ name: string }>(
    `SELECT name FROM storage_domain WHERE id = $1`,
    [masterId],
  );
  const all = await deps.db.query<{ id: string }>(
    `SELECT id FROM storage_domain WHERE data_center_id = $1`,
    [dataCenterId],
  );
  touched(
    deps,
    'storage',
    all.map((d) => d.id),
  );
  await j.event({
    storageDomainId: masterId,
    dataCenterId,
    code: 'STORAGE_DOMAIN_MASTER',
    message: `Storage Domain ${m?.name ?? masterId} is the master of Data Center ${await dataCenterName(deps, dataCenterId)}.`,
  });
}
