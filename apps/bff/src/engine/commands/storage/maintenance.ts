// Maintenance: an Active storage domain whose disks no VM uses is disconnected from its
// data center's hosts (unmounted) and left in Maintenance. A master hands its role to
// another Active Data domain; the last one goes only after the ISO and Export domains.
import {
  connectOn,
  moveDomain,
  poolSpecOf,
  settleDataCenterStatus,
  settleMaster,
} from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { errorMessage } from '../../jobs.js';
import type { Started } from '../common.js';
import { DISCONNECTING, disconnectFromHosts, masterMoved, runOnAttachedDomain } from './common.js';

const MAINTENANCE = 'Moving the storage domain to Maintenance';

export function maintenanceStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const { db } = deps;
  return runOnAttachedDomain(deps, actor, input.id, {
    action: 'maintenance',
    lock: 'Locked',
    description: ({ row }) => `Moving Storage Domain ${row.name} to Maintenance`,
    steps: [DISCONNECTING, MAINTENANCE],
    work: async (j, d) => {
      const { row, dcId, hosts } = d;
      await disconnectFromHosts(deps, j, d, async () => {
        // Back as it was: connected everywhere (those that let go connect again).
        await connectOn(deps, poolSpecOf(row, deps.imagesDir), hosts).catch((err: unknown) =>
          console.error(`storage: ${errorMessage(err)}`),
        );
        await moveDomain(db, row.id, ['Locked'], { status: 'Active' });
        touched(deps, 'storage', [row.id]);
      });
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
    },
    code: 'USER_DEACTIVATED_STORAGE_DOMAIN',
    message: ({ row, dcName }, user) =>
      `Storage Domain ${row.name} (Data Center ${dcName}) was moved to Maintenance by ${user}.`,
  });
}
