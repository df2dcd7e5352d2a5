// Detach a storage domain in Maintenance from its data center: it is disconnected from
// the hosts (again, in case one connected it meanwhile) and Unattached. The master
// leaves last; the data center then is Uninitialized.
import {
  getStorageDomain,
  hostsFor,
  moveDomain,
  releaseOn,
  settleDataCenterStatus,
} from '../../../storage/domains.js';
import { requireDomainAction } from '../../../storage/rules.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { dataCenterName, lockDomain } from './common.js';

const DISCONNECTING = 'Disconnecting the storage from the hosts';
const DETACHING = 'Detaching the storage domain';

export async function detachStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, input.id);
  await requireDomainAction(db, row, 'detach');
  const dcId = row.data_center_id!;
  const dcName = await dataCenterName(deps, dcId);
  const hosts = await hostsFor(db, row, dcId);
  await reach(deps, hosts);
  await lockDomain(deps, row, { status: 'Detaching' });

  const job = await startJob(
    deps,
    a,
    {
      description: `Detaching Storage Domain ${row.name} from Data Center ${dcName}`,
      steps: [DISCONNECTING, DETACHING],
      refs: { storageDomainId: row.id, dataCenterId: dcId },
    },
    async (j) => {
      await orUndo(
        () => j.step(DISCONNECTING, () => releaseOn(deps, row.id, row.name, hosts)),
        async () => {
          await moveDomain(db, row.id, ['Detaching'], { status: 'Maintenance' });
          touched(deps, 'storage', [row.id]);
        },
      );
      await j.step(DETACHING, async () => {
        if (
          !(await moveDomain(db, row.id, ['Detaching'], {
            status: 'Unattached',
            data_center_id: null,
            is_master: false,
          }))
        )
          throw new Error(`storage domain ${row.name} changed state meanwhile`);
        touched(deps, 'storage', [row.id]);
        await settleDataCenterStatus(deps, dcId);
      });
      await j.event({
        storageDomainId: row.id,
        dataCenterId: dcId,
        code: 'USER_DETACH_STORAGE_DOMAIN_FROM_POOL',
        message: `Storage Domain ${row.name} was detached from Data Center ${dcName} by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}
