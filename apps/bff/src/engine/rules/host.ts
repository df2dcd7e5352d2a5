import { hostActions, type HostAction } from '@corral/shared';
import type { Db } from '../../store/index.js';
import type { HostRow } from '../inventory.js';
import { refuseEach } from './refuse.js';

/** VMs the store places on each host, whatever their state (what keeps a host from going). */
export async function vmsOnHosts(db: Db, hostIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.query<{ host_id: string; n: number }>(
    `SELECT host_id, COUNT(*)::int AS n FROM vm
      WHERE host_id = ANY($1::uuid[]) AND status <> 'Down' GROUP BY host_id`,
    [hostIds],
  );
  return new Map(rows.map((r) => [r.host_id, r.n]));
}

export async function requireHostAction(
  db: Db,
  hosts: readonly HostRow[],
  action: HostAction,
): Promise<void> {
  const counts = await vmsOnHosts(
    db,
    hosts.map((h) => h.id),
  );
  const reasons = new Map<string, string>();
  for (const h of hosts) {
    const rule = hostActions({ status: h.status, activeVms: counts.get(h.id) ?? 0 })[action];
    if (!rule.allowed) reasons.set(h.id, rule.reason ?? `The host cannot do that now.`);
  }
  refuseEach(
    `${action === 'maintenance' ? 'move to Maintenance' : action} the hosts`,
    hosts,
    reasons,
  );
}
