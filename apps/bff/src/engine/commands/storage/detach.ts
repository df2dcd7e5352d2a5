// Detach a storage domain in Maintenance from its data center: it is disconnected from
// the hosts (again, in case one connected it meanwhile) and Unattached. The master
// leaves last; the data center then is Uninitialized.
import { moveDomain, settleDataCenterStatus } from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import type { Started } from '../common.js';
import { DISCONNECTING, disconnectFromHosts, runOnAttachedDomain } from './common.js';

const DETACHING = 'Detaching the storage domain';

export function detachStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const { db } = deps;
  return runOnAttachedDomain(deps, actor, input.id, {
    action: 'detach',
    lock: 'Detaching',
    description: ({ row, dcName }) =>
      `Detaching Storage Domain ${row.name} from Data Center ${dcName}`,
    steps: [DISCONNECTING, DETACHING],
    work: async (j, d) => {
      const { row, dcId } = d;
      await disconnectFromHosts(deps, j, d, async () => {
        await moveDomain(db, row.id, ['Detaching'], { status: 'Maintenance' });
        touched(deps, 'storage', [row.id]);
      });
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
    },
    code: 'USER_DETACH_STORAGE_DOMAIN_FROM_POOL',
    message: ({ row, dcName }, user) =>
      `Storage Domain ${row.name} was detached from Data Center ${dcName} by ${user}.`,
  });
}
