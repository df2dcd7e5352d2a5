// Maintenance: an Active storage domain whose disks no VM uses is disconnected from its
// data center's hosts (unmounted) and left in Maintenance. A master hands its role to
// another Active Data domain; the last one goes only after the ISO and Export domains.
import {
  connectOn,
  getStorageDomain,
  hostsFor,
  moveDomain,
  poolSpecOf,
  releaseOn,
  settleDataCenterStatus,
  settleMaster,
} from '../../../storage/domains.js';
import { requireDomainAction } from '../../../storage/rules.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { errorMessage } from '../../jobs.js';
import { correlate, orUndo, reach, startJob, started, type Started } from '../common.js';
import { dataCenterName, lockDomain, masterMoved } from './common.js';

const DISCONNECTING = 'Disconnecting the storage from the hosts';
const MAINTENANCE = 'Moving the storage domain to Maintenance';

export async function maintenanceStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const row = await getStorageDomain(db, input.id);
  await requireDomainAction(db, row, 'maintenance');
  const dcId = row.data_center_id!;
  const dcName = await dataCenterName(deps, dcId);
  const hosts = await hostsFor(db, row, dcId);
  await reach(deps, hosts);
  await lockDomain(deps, row, { status: 'Locked' });

  const job = await startJob(
    deps,
    a,
    {
      description: `Moving Storage Domain ${row.name} to Maintenance`,
      steps: [DISCONNECTING, MAINTENANCE],
      refs: { storageDomainId: row.id, dataCenterId: dcId },
    },
    async (j) => {
      await orUndo(
        () => j.step(DISCONNECTING, () => releaseOn(deps, row.id, row.name, hosts)),
        async () => {
          // Back as it was: connected everywhere (those that let go connect again).
          await connectOn(deps, poolSpecOf(row, deps.imagesDir), hosts).catch((err: unknown) =>
            console.error(`storage: ${errorMessage(err)}`),
          );
          await moveDomain(db, row.id, ['Locked'], { status: 'Active' });
          touched(deps, 'storage', [row.id]);
        },
      );
      await j.step(MAINTENANCE, async () => {
        const master = await db.transaction(async (tx) => {
          if (!(await moveDomain(tx, row.id, ['Locked'], { status: 'Maintenance' })))
            throw new Error(`storage domain ${row.name} changed state meanwhile`);
          return settleMaster(tx, dcId);
        });
        touched(deps, 'storage', [row.id]);
        if (master) await masterMoved(deps, j, master, dcId);
        await settleDataCenterStatus(deps, dcId);
      });
      await j.event({
        storageDomainId: row.id,
        dataCenterId: dcId,
        code: 'USER_DEACTIVATED_STORAGE_DOMAIN',
        message: `Storage Domain ${row.name} (Data Center ${dcName}) was moved to Maintenance by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}
