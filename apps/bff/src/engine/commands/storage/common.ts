// What the storage domain commands share: bringing a domain up in its data center
// (connected on its hosts, Active, the master settled, the data center's status), and
// the audit events for a master that moved.
import type { StorageDomainAction, StorageDomainStatus } from '@corral/shared';
import {
  connectOn,
  getStorageDomain,
  hostsFor,
  moveDomain,
  poolSpecOf,
  releaseOn,
  settleDataCenterStatus,
  settleMaster,
  type StorageDomainRow,
} from '../../../storage/domains.js';
import { requireDomainAction } from '../../../storage/rules.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import type { HostRow } from '../../inventory.js';
import type { Job } from '../../jobs.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';

export const CONNECTING = 'Connecting the storage on the hosts';
export const ACTIVATING = 'Activating the storage domain';
export const DISCONNECTING = 'Disconnecting the storage from the hosts';

export async function dataCenterName(deps: EngineDeps, id: string): Promise<string> {
  const [dc] = await deps.db.query<{ name: string }>(`SELECT name FROM data_center WHERE id = $1`, [
    id,
  ]);
  return dc?.name ?? id;
}

/** An attached domain as a command on it sees it: its data center and the Up hosts that have it. */
export interface AttachedDomain {
  readonly row: StorageDomainRow;
  readonly dcId: string;
  readonly dcName: string;
  readonly hosts: readonly HostRow[];
}

/**
 * Activate, Maintenance, Detach: the shared rule allows the action, the data center's
 * hosts for the domain answer, the intent (`lock`) is written, then one job runs `work`
 * and ends with the command's event.
 */
export async function runOnAttachedDomain(
  deps: EngineDeps,
  actor: Actor,
  id: string,
  command: {
    readonly action: StorageDomainAction;
    readonly lock: StorageDomainStatus;
    readonly description: (d: AttachedDomain) => string;
    readonly steps: readonly string[];
    readonly work: (j: Job, d: AttachedDomain) => Promise<void>;
    readonly code: string;
    readonly message: (d: AttachedDomain, userName: string) => string;
  },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, id);
  await requireDomainAction(db, row, command.action);
  const dcId = row.data_center_id!;
  const d: AttachedDomain = {
    row,
    dcId,
    dcName: await dataCenterName(deps, dcId),
    hosts: await hostsFor(db, row, dcId),
  };
  await reach(deps, d.hosts);
  await lockDomain(deps, row, { status: command.lock });

  const job = await startJob(
    deps,
    a,
    {
      description: command.description(d),
      steps: [...command.steps],
      refs: { storageDomainId: row.id, dataCenterId: dcId },
    },
    async (j) => {
      await command.work(j, d);
      await j.event({
        storageDomainId: row.id,
        dataCenterId: dcId,
        code: command.code,
        message: command.message(d, a.userName),
      });
    },
  );
  return started([job]);
}

/** The domain let go by its hosts (unmounted); when one cannot, `undo` and the job fails. */
export function disconnectFromHosts(
  deps: EngineDeps,
  j: Job,
  d: AttachedDomain,
  undo: () => Promise<void>,
): Promise<void> {
  return orUndo(
    () => j.step(DISCONNECTING, () => releaseOn(deps, d.row.id, d.row.name, d.hosts)),
    undo,
  );
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
