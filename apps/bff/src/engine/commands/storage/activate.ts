// Activate a storage domain in Maintenance: connected again on its data center's Up
// hosts, Active; a Data domain takes the master role when the data center has no Active
// master. ISO and Export domains need an Active master first.
import { releaseQuietly, settleDataCenterStatus } from '../../../storage/domains.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { orUndo, type Started } from '../common.js';
import { ACTIVATING, CONNECTING, connectAndActivate, runOnAttachedDomain } from './common.js';

export function activateStorageDomain(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const { db } = deps;
  return runOnAttachedDomain(deps, actor, input.id, {
    action: 'activate',
    lock: 'Activating',
    description: ({ row, dcName }) =>
      `Activating Storage Domain ${row.name} in Data Center ${dcName}`,
    steps: [CONNECTING, ACTIVATING],
    work: (j, { row, dcId, hosts }) =>
      orUndo(
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
      ),
    code: 'USER_ACTIVATED_STORAGE_DOMAIN',
    message: ({ row, dcName }, user) =>
      `Storage Domain ${row.name} (Data Center ${dcName}) was activated by ${user}.`,
  });
}
