// Remove a storage domain: Unattached, or in Maintenance (then detached first), with no
// disks left on it. With `format`, an Up host that reaches the storage connects it once
// more and deletes the disk images Corral left there (other files stay); without, the
// storage is left as it is.
import type { StorageDomainRemoveInput } from '@corral/shared';
import {
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
import { connectTo, getHost, type HostRow } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { DISCONNECTING, lockDomain } from './common.js';

const REMOVING = 'Removing the storage domain';

/** The host that formats: the one asked for (Up), a Local domain's own, or any Up host that can. */
async function formatHost(
  deps: EngineDeps,
  row: StorageDomainRow,
  hostId: string | null | undefined,
): Promise<HostRow> {
  const { db } = deps;
  if (row.storage_type === 'Local') {
    const host = row.host_id ? await getHost(db, row.host_id).catch(() => null) : null;
    if (!host) refuse(`The host that held Local storage domain ${row.name} is gone.`, 'format');
    if (hostId && hostId !== host.id)
      refuse(
        `Local storage domain ${row.name} is on Host ${host.name}; format it there.`,
        'hostId',
      );
    if (host.status !== 'Up')
      refuse(
        `Host ${host.name}, which holds ${row.name}, is ${host.status}; it must be Up.`,
        'hostId',
      );
    return host;
  }
  if (hostId) {
    const host = await getHost(db, hostId).catch(() => null);
    if (!host) refuse('The host does not exist.', 'hostId');
    if (host.status !== 'Up')
      refuse(`Host ${host.name} is ${host.status}; it must be Up.`, 'hostId');
    return host;
  }
  const candidates = row.data_center_id
    ? await hostsFor(db, row, row.data_center_id)
    : await db.query<HostRow>(
        `SELECT id, name, address, driver, uri, cluster_id, status, memory_mb, cpus, cpu_usage
           FROM host WHERE status = 'Up' ORDER BY name`,
      );
  const host = candidates[0];
  if (!host) refuse('Formatting needs an Up host to reach the storage.', 'hostId');
  return host;
}

export async function removeStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: StorageDomainRemoveInput & { format: boolean },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, input.id);
  await requireDomainAction(db, row, 'remove');
  const dcId = row.data_center_id;
  const detachFrom = dcId ? await hostsFor(db, row, dcId) : [];
  const formatter = input.format ? await formatHost(deps, row, input.hostId) : null;
  await reach(deps, [...detachFrom, ...(formatter ? [formatter] : [])]);
  await lockDomain(deps, row, { status: 'Locked' });

  const steps: string[] = [];
  if (detachFrom.length > 0) steps.push(DISCONNECTING);
  const formatting = formatter ? `Formatting the storage on Host ${formatter.name}` : null;
  if (formatting) steps.push(formatting);
  steps.push(REMOVING);
  const job = await startJob(
    deps,
    a,
    {
      description: `Removing Storage Domain ${row.name}${input.format ? ' (format)' : ''}`,
      steps,
      refs: { storageDomainId: row.id, dataCenterId: dcId },
    },
    async (j) => {
      await orUndo(
        async () => {
          if (detachFrom.length > 0)
            await j.step(DISCONNECTING, () => releaseOn(deps, row.id, row.name, detachFrom));
          if (formatter && formatting)
            await j.step(formatting, async () =>
              (await connectTo(deps, formatter)).formatPool(poolSpecOf(row, deps.imagesDir)),
            );
        },
        async () => {
          await moveDomain(db, row.id, ['Locked'], { status: row.status });
          touched(deps, 'storage', [row.id]);
        },
      );
      await j.step(REMOVING, async () => {
        // Written first, while the names it keeps can still be read.
        await j.event({
          storageDomainId: row.id,
          dataCenterId: dcId,
          code: 'USER_REMOVE_STORAGE_DOMAIN',
          message: `Storage Domain ${row.name} was removed by ${a.userName}${input.format ? ' (formatted)' : ''}.`,
        });
        await db.transaction(async (tx) => {
          await tx.query(
            `DELETE FROM permission WHERE object_type = 'StorageDomain' AND object_id = $1`,
            [row.id],
          );
          await tx.query(`DELETE FROM storage_domain WHERE id = $1`, [row.id]);
          if (dcId) await settleMaster(tx, dcId);
        });
        touched(deps, 'storage', [row.id], 'remove');
        if (dcId) await settleDataCenterStatus(deps, dcId);
      });
    },
  );
  return started([job]);
}
