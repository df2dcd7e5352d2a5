// New Data Center: the row (Uninitialized until a master domain is Active) and, as oVirt
// does, its management network `ovirtmgmt`, which every new cluster of it gets.
import type { DataCenterCreate } from '@corral/shared';
import { DATA_CENTER_MESSAGES } from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';

export const MANAGEMENT_NETWORK = 'ovirtmgmt';

export async function createDataCenter(
  deps: EngineDeps,
  actor: Actor,
  input: DataCenterCreate,
): Promise<{ id: string }> {
  const { db } = deps;
  const [taken] = await db.query(`SELECT 1 FROM data_center WHERE lower(name) = lower($1)`, [
    input.name,
  ]);
  if (taken) refuse(DATA_CENTER_MESSAGES.nameTaken(input.name), 'name');
  let ids: { dc: string; network: string };
  try {
    ids = await db.transaction(async (tx) => {
      const [dc] = await tx.query<{ id: string }>(
        `INSERT INTO data_center (name, description, status, storage_mode, compat_version, quota_mode)
         VALUES ($1, $2, 'Uninitialized', $3, $4, $5) RETURNING id`,
        [input.name, input.description, input.storageType, input.compatVersion, input.quotaMode],
      );
      const [net] = await tx.query<{ id: string }>(
        `INSERT INTO network (data_center_id, name, description) VALUES ($1, $2, 'Management Network')
         RETURNING id`,
        [dc!.id, MANAGEMENT_NETWORK],
      );
      await recordEvent(tx, deps.feed, {
        code: 'USER_ADD_STORAGE_POOL',
        message: `Data Center ${input.name} (${input.storageType} storage, compatibility version ${input.compatVersion}) was added by ${actor.userName}.`,
        userName: actor.userName,
        correlationId: actor.correlationId ?? null,
        dataCenterId: dc!.id,
      });
      return { dc: dc!.id, network: net!.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) refuse(DATA_CENTER_MESSAGES.nameTaken(input.name), 'name');
    throw err;
  }
  touched(deps, 'datacenter', [ids.dc]);
  touched(deps, 'network', [ids.network]);
  return { id: ids.dc };
}
