// Remove Data Center: only without clusters and with no storage domain but those in
// Maintenance, which are detached (Unattached, their files untouched). Its networks go
// with it.
import { dataCenterRemoveRule } from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { refuse } from '../../rules/refuse.js';

export async function removeDataCenter(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<{ id: string }> {
  const { db } = deps;
  const [dc] = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM data_center WHERE id = $1`,
    [input.id],
  );
  if (!dc) throw notFound('Data center', input.id);
  const [counts] = await db.query<{ clusters: number; active: number }>(
    `SELECT (SELECT COUNT(*)::int FROM cluster WHERE data_center_id = $1) AS clusters,
            (SELECT COUNT(*)::int FROM storage_domain
              WHERE data_center_id = $1 AND status <> 'Maintenance') AS active`,
    [dc.id],
  );
  const rule = dataCenterRemoveRule({ clusters: counts!.clusters, activeDomains: counts!.active });
  if (!rule.allowed) refuse(rule.reason!);

  const { domains, networks } = await db.transaction(async (tx) => {
    await recordEvent(tx, deps.feed, {
      code: 'USER_REMOVE_STORAGE_POOL',
      message: `Data Center ${dc.name} was removed by ${actor.userName}.`,
      userName: actor.userName,
      correlationId: actor.correlationId ?? null,
      dataCenterId: dc.id,
    });
    const domains = await tx.query<{ id: string }>(
      `UPDATE storage_domain SET data_center_id = NULL, status = 'Unattached', is_master = false
        WHERE data_center_id = $1 AND status = 'Maintenance' RETURNING id`,
      [dc.id],
    );
    // A storage domain that turned Active meanwhile stops the removal.
    const [left] = await tx.query(`SELECT 1 FROM storage_domain WHERE data_center_id = $1`, [
      dc.id,
    ]);
    if (left) refuse(`Data Center ${dc.name} changed meanwhile; try again.`);
    const networks = await tx.query<{ id: string }>(
      `DELETE FROM network WHERE data_center_id = $1 RETURNING id`,
      [dc.id],
    );
    await tx.query(`DELETE FROM permission WHERE object_type = 'DataCenter' AND object_id = $1`, [
      dc.id,
    ]);
    await tx.query(`DELETE FROM data_center WHERE id = $1`, [dc.id]);
    return { domains, networks };
  });
  touched(deps, 'datacenter', [dc.id], 'remove');
  touched(
    deps,
    'network',
    networks.map((n) => n.id),
    'remove',
  );
  touched(
    deps,
    'storage',
    domains.map((d) => d.id),
  );
  return { id: dc.id };
}
