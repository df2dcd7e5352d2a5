// Activate a storage domain in Maintenance: connected again on its data center's Up
// hosts, Active; a Data domain takes the master role when the data center has no Active
// master. ISO and Export domains need an Active master first.
import {
  getStorageDomain,
  hostsFor,
  releaseQuietly,
  settleDataCenterStatus,
} from '../../../storage/domains.js';
import { requireDomainAction } from '../../../storage/rules.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import {
  ACTIVATING,
  CONNECTING,
  connectAndActivate,
  dataCenterName,
  lockDomain,
} from './common.js';

export async function activateStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, input.id);
  await requireDomainAction(db, row, 'activate');
  const dcId = row.data_center_id!;
  const dcName = await dataCenterName(deps, dcId);
  const hosts = await hostsFor(db, row, dcId);
  await reach(deps, hosts);
  await lockDomain(deps, row, { status: 'Activating' });

  const job = await startJob(
    deps,
    a,
    {
      description: `Activating Storage Domain ${row.name} in Data Center ${dcName}`,
      steps: [CONNECTING, ACTIVATING],
      refs: { storageDomainId: row.id, dataCenterId: dcId },
    },
    async (j) => {
      await orUndo(
        () => connectAndActivate(deps, j, { ...row, status: 'Activating' }, dcId, 'Activating'),
        async () => {
          await releaseQuietly(deps, row.id, row.name, hosts);
          await db.query(
            `UPDATE storage_domain SET status = $2 WHERE id = $1 AND status = 'Activating'`,
            [row.id, row.status],
          );
          touched(deps, 'storage', [row.id]);
          await settleDataCenterStatus(deps, dcId);
        },
      );
      await j.event({
        storageDomainId: row.id,
        dataCenterId: dcId,
        code: 'USER_ACTIVATED_STORAGE_DOMAIN',
        message: `Storage Domain ${row.name} (Data Center ${dcName}) was activated by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}
